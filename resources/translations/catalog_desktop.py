"""Chinese for the strings added by issue 11 (the desktop on a real office laptop).

Keys are "Context|English source", as in ``catalog_shell.py``.
Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {}


def _context(name: str, table: dict[str, str]) -> None:
    for source, text in table.items():
        ZH_CN[f"{name}|{source}"] = text


_context(
    "JobProgressDialog",
    {
        "Cancel": "取消",
    },
)

_context(
    "TaskRunner",
    {
        "This folder or file cannot be written; choose another place.": "此文件夹或文件不能写入，请另选位置。",
        "The file or folder was not found.": "找不到该文件或文件夹。",
        "The disk is full; free some space or choose another place.": "磁盘已满，请清理空间或另选位置。",
        "The file could not be read or written.": "无法读取或写入该文件。",
        "Something went wrong; the details are in the log file.": "操作未能完成，详细情况已记入日志文件。",
    },
)

_context(
    "RecordFormDialog",
    {
        "Save (Ctrl+S)": "保存 (Ctrl+S)",
        "The record stays a draft until submitted": "提交之前记录保持为草稿",
        "Save and new (Ctrl+Shift+S)": "保存并新建 (Ctrl+Shift+S)",
        "Save, then start the next record with the same date, village and industry": "保存后新建下一条记录，日期、村庄和产业保持不变",
    },
)

_context(
    "RecordForm",
    {
        "A number; decimals allowed, e.g. 12.5": "数字，可带小数，如 12.5",
        "A whole number": "整数",
    },
)

_context(
    "ReviewPage",
    {
        "Undo": "撤销",
        "Take back the review just done": "撤销刚才的审核",
        "Approve": "审核通过",
        "Approve %1 records?": "审核通过这 %1 条记录吗？",
        "Undone: %1 record(s) are back as they were.": "已撤销：%1 条记录已恢复原状。",
    },
)

_context(
    "ConflictDialog",
    {
        "Open record…": "打开记录…",
    },
)

_context(
    "SyncPage",
    {
        "Open containing folder": "打开所在文件夹",
        "Used by:": "使用人：",
        "another computer": "其他电脑",
        "Everything (full export)": "全部数据（完整导出）",
        "Show the file just written, e.g. to drag it into WeChat or onto a USB stick": "显示刚写好的文件，可拖到微信或 U 盘",
        "the sender is not trusted yet": "发送方尚未受信任",
        "it is not a sync file, or it is damaged (e.g. not copied completely)": "不是同步文件，或文件已损坏（例如没有完整拷贝）",
        "it is damaged or not a sync file of this program": "文件已损坏，或不是本程序的同步文件",
        "the file cannot be read (is the USB stick still in?)": "无法读取文件（U 盘还插着吗？）",
        "%1: refused — %2": "%1：拒收 — %2",
        "unknown": "未知",
        "%1: receipt from %2 — they have received your files": "%1：%2 的回执 — 对方已收到您的文件",
        "%1: from %2 — %3 new, %4 updated, %5 unchanged": "%1：来自 %2 — 新增 %3，更新 %4，未变 %5",
        ", %1 conflict(s) to resolve": "，%1 处冲突待处理",
        ", %1 change(s) refused": "，拒收 %1 项更改",
        "Resolve conflicts (%1)…": "处理冲突（%1）…",
        "receipt for %1": "给%1的回执",
        "to township": "发乡镇",
        "to county": "发县里",
        "to %1": "发%1",
        "changes for sending": "更改",
        "Export cancelled; no file was written.": "已取消导出，没有写出文件。",
        "Written: %1 (%2 changes, %3 photos)": "已写出：%1（%2 项更改，%3 张照片）",
        "Import cancelled; nothing was changed.": "已取消导入，数据未改动。",
        "The file %1 comes from %2, a computer not known here yet.": "文件 %1 来自 %2，本机尚不认识这台电脑。",
        "%1 (%2)": "%1（%2）",
        "Fingerprint: %1\n\nTrust it only after the sender has read you the same"
        " fingerprint (e.g. by phone); their Sync page shows it.": "指纹：%1\n\n请先与对方（如打电话）核对指纹一致后再信任；对方在“同步”页面可以看到自己的指纹。",
        "Trust and import": "信任并导入",
        "Do not trust": "不信任",
        "%1 was not imported: its sender is not trusted.": "%1 未导入：发送方未受信任。",
    },
)

_context(
    "DashboardPage",
    {
        "Records": "记录数",
        "Month": "月份",
        "Township": "乡镇",
        "Specialist": "特派员",
        "County": "县区",
        "Station": "服务站",
        "Villages": "村数",
        "Villages assigned": "派驻村数",
        "This month": "本月",
        "This year": "本年",
        "Without service (%1 days)": "%1 天未服务村",
        "By township": "按乡镇",
        "By specialist": "按特派员",
    },
)

_context(
    "HistoryDialog",
    {
        "this computer": "本机",
        "another computer": "其他电脑",
    },
)

_context(
    "MainWindow",
    {
        "This computer: %1": "本机：%1",
    },
)

_context(
    "Printing",
    {
        "Print preview: %1": "打印预览：%1",
        "Print: %1": "打印：%1",
    },
)

_context(
    "RecordListPage",
    {
        "Print…": "打印…",
        "Print the rows shown (Ctrl+P)": "打印当前显示的记录（Ctrl+P）",
        "Print preview…": "打印预览…",
        "first %1 of %2 rows": "共 %2 行中的前 %1 行",
        "printed %1": "打印于 %1",
    },
)

_context(
    "ReportsPage",
    {
        "Print preview…": "打印预览…",
        "Print…": "打印…",
        "Print the report just made, to sign and stamp": "打印刚生成的报表，签字盖章",
    },
)
