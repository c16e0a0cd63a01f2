"""Chinese for the shell's strings: main window, dashboard, wizard, sync, reports, settings.

Keys are "Context|English source" (every entry here is for one context only, so the
records catalog can translate the same English word differently in its own pages).
Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {}


def _context(name: str, table: dict[str, str]) -> None:
    for source, text in table.items():
        ZH_CN[f"{name}|{source}"] = text


_context(
    "MainWindow",
    {
        "Clock %1 days ahead": "时钟超前 %1 天",
        "Changes saved on this computer are dated %1 days ahead of its clock (was the"
        " clock set ahead?). Other offices hold such changes back until that date."
        " Please contact the county team.": "本机保存的更改比电脑时钟晚 %1 天（电脑时钟曾被调快？）。其他单位会暂缓接收这些更改，直到该日期。请联系县服务团。",
        "Dashboard": "工作台",
        "Visits": "走访记录",
        "Extension": "技术推广",
        "Trainings": "培训",
        "Villages": "村庄",
        "Specialists": "特派员",
        "Review": "审核",
        "Sync": "同步",
        "Reports": "报表",
        "Settings": "设置",
        "Role: %1": "角色：%1",
        "(no name)": "（未填写姓名）",
        "Node: %1 · %2": "节点：%1 · %2",
        "Unsent changes: %1": "未发送更改：%1",
        "Unsent changes: ?": "未发送更改：?",
        "Last import: %1": "最近导入：%1",
        "Last import: never": "最近导入：无",
        "Zhangjiakou S&T Specialists": "张家口科技特派员工作平台",
        "Zhangjiakou S&T\nSpecialists": "张家口科技特派员\n工作平台",
        " — demo data (not saved)": " — 演示数据（不保存）",
        "Demo data": "演示数据",
        "Daily backup saved: %1": "每日备份已保存：%1",
        "Daily backup": "每日备份",
        "Status": "状态",
    },
)

_context(
    "Crash",
    {
        "Unexpected error": "意外错误",
        "An unexpected error occurred. Your saved data is safe.": "程序发生意外错误。已保存的数据不受影响。",
        "Please send the log file to your support contact:\n%1": "请将日志文件发送给技术支持人员：\n%1",
        "The program closed unexpectedly last time": "上次程序意外退出",
        "The program stopped unexpectedly last time. The report was saved to the log folder:": "程序上次意外停止运行，错误报告已保存到日志文件夹：",
    },
)

_context("TaskRunner", {"Cancel": "取消", "Error": "错误"})
_context("App", {"Cannot start": "无法启动"})

_context(
    "DashboardPage",
    {
        "Dashboard": "工作台",
        "Visits this month": "本月走访",
        "Extension this month": "本月技术推广",
        "Trainings this month": "本月培训",
        "Returned for correction": "退回待修改",
        "Conflicts waiting": "待处理冲突",
        "Not yet received upstream": "上级尚未收到的更改",
        "%1 days (%2)": "%1 天（%2）",
        "%1 days": "%1 天",
        "Visits": "走访",
        "Extension": "技术推广",
        "Trainings": "培训",
        "Date": "日期",
        "Kind": "类别",
        "Village": "村庄",
        "Industry": "产业",
        "Comment": "审核意见",
        "Records returned for correction (%1)": "退回待修改的记录（%1）",
        "Records returned for correction": "退回待修改的记录",
        "Township": "乡镇",
        "Poor village": "贫困村",
        "Last service": "最近服务",
        "Yes": "是",
        "never": "从未",
        "Villages without service in %1 days (%2 of %3)": "%1 天内无服务的村（%2 / 共 %3 个）",
        "Villages without service": "服务空白村",
        "Records per month (last 12 months)": "每月记录数（近 12 个月）",
        "All villages": "全部村庄",
        "%1 · %2 · today %3": "%1 · %2 · 今天 %3",
        "(no name)": "（未填写姓名）",
        "The figures could not be computed: %1": "无法计算统计数据：%1",
        "Field": "字段",
        "Only villages in the programme": "只看贫困村和派驻村",
        "Poor villages and villages with an assigned specialist": "贫困村和已派驻特派员的村",
        "Values": "各方的值",
        "Conflicts waiting for a decision (%1)": "待处理的冲突（%1）",
    },
)

_context(
    "FirstRunWizard",
    {
        "First start": "首次使用",
        "&Next >": "下一步(&N) >",
        "< &Back": "< 上一步(&B)",
        "&Finish": "完成(&F)",
        "Cancel": "取消",
    },
)
_context(
    "IntroPage",
    {
        "Welcome": "欢迎",
        "This program records the work of science and technology specialists in villages: visits, "
        "technology extension and trainings. Data moves between specialists, township stations and the "
        "county team as files.": "本程序记录科技特派员在村里的工作：走访服务、技术推广和培训。特派员、乡镇服务站和县服务团之间"
        "通过文件交换数据。",
        "&Language:": "语言(&L)：",
        "Set up this computer for my work": "为我的工作设置这台电脑",
        "Just look around with demo data (nothing is saved)": "先用演示数据看看（不保存任何内容）",
    },
)
_context(
    "RolePage",
    {
        "Your role": "您的角色",
        "Specialists record their own work; township stations review it and report upward; the county "
        "team keeps the roster of villages and specialists.": "特派员录入自己的工作；乡镇服务站审核并向上汇总；县服务团维护村庄和特派员名册。",
        "Your &name:": "您的姓名(&N)：",
        "e.g. Wang Jianguo": "例如：王建国",
    },
)
_context(
    "OrgPage",
    {
        "Import roster": "导入名册",
        "Roster (*.xlsx *.csv)": "名册 (*.xlsx *.csv)",
        "The roster could not be imported: %1": "名册无法导入：%1",
        "… and %1 more problems": "……另有 %1 个问题",
        "Your organisation": "您的单位",
        "&You in the roster:": "名册中的您(&Y)：",
        "Pick yourself from the county's roster of specialists.": "请在县里的特派员名册中选择您自己。",
        "&Township station:": "乡镇服务站(&T)：",
        "Pick your township service station.": "请选择您所在的乡镇服务站。",
        "&County:": "县区(&C)：",
        "Pick your county.": "请选择您所在的县区。",
        "The roster is empty: import the roster file (.xlsx or .csv) the county sent you.": "名册为空：请导入县里发来的名册文件（.xlsx 或 .csv）。",
        "Import roster file…": "导入名册文件…",
    },
)
_context(
    "DonePage",
    {
        "Ready": "设置完成",
        "This computer could not be set up: %1": "无法设置这台电脑：%1",
        "%1, %2. This computer's node id is %3.": "%1，%2。本机节点编号为 %3。",
        "Read this key fingerprint to the county team when they register this computer; files you send "
        "are signed with this key.": "县服务团登记这台电脑时，请向他们念出这个密钥指纹；您发出的文件都用这个密钥签名。",
    },
)

_context(
    "SyncPage",
    {
        "(no name)": "（未填写姓名）",
        "Sync": "同步",
        "No computer to send to yet: changes can be sent to a computer once one of its files has been "
        "imported here.": "还没有可发送的对象：导入过某台电脑的文件后，才能向它发送更改。",
        "every computer": "所有电脑",
        "What was imported or exported is shown here.": "导入、导出的结果显示在这里。",
        "This computer": "本机",
        "Node:": "节点：",
        "Key fingerprint:": "密钥指纹：",
        "Send": "发送",
        "&Send to:": "发送给(&S)：",
        "Everything (full export), not only what is new": "全部数据（完整导出），而不只是新内容",
        "Export file for sending…": "导出待发送文件…",
        "Export roster for the county's computers…": "导出名册（发给全县各电脑）…",
        "Receive": "接收",
        "Import files…": "导入文件…",
        "Check a file without importing…": "只检查文件，不导入…",
        "You can also drag .zjkpkg files onto the window.": "也可以把 .zjkpkg 文件拖到窗口上导入。",
        "Result": "结果",
        "Other computers": "其他电脑",
        "Name": "名称",
        "Role": "角色",
        "Last file": "最近文件",
        "Not yet received": "对方未收到",
        "Fingerprint": "指纹",
        "Write receipt for the selected computer…": "为选中的电脑生成回执…",
        "Files imported and exported": "导入导出记录",
        "Time": "时间",
        "Direction": "方向",
        "Type": "类型",
        "Computer": "电脑",
        "changes": "增量",
        "full": "完整",
        "roster": "名册",
        "receipt": "回执",
        "(no key yet)": "（尚未生成密钥）",
        "Township station": "乡镇服务站",
        "County team": "县服务团",
        "Computer: %1 (%2)": "电脑：%1（%2）",
        "never": "从未",
        "refused: %1": "被拒绝：%1",
        "%1 new, %2 updated": "新增 %1，更新 %2",
        "%1 changes": "%1 条更改",
        "imported": "导入",
        "exported": "导出",
        "Save sync file": "保存同步文件",
        "Sync files (*.zjkpkg)": "同步文件 (*.zjkpkg)",
        "Exporting…": "正在导出…",
        "Exporting roster…": "正在导出名册…",
        "Receipt": "回执",
        "Select the computer the receipt is for.": "请先选择回执的接收电脑。",
        "Writing receipt…": "正在生成回执…",
        "Export failed: %1": "导出失败：%1",
        "Sync files (*.zjkpkg);;All files (*)": "同步文件 (*.zjkpkg);;所有文件 (*)",
        "Import sync files": "导入同步文件",
        "Check a sync file": "检查同步文件",
        "Checked, nothing imported:": "已检查，未导入任何内容：",
        "Checking…": "正在检查…",
        "Importing…": "正在导入…",
        "Import failed: %1": "导入失败：%1",
        "Unknown sender": "未知的发送方",
        "The file %1 was signed by %2 (%3) whose key this computer does not know.\n\nFingerprint: %4\n\n"
        "Trust this key? Only say yes after checking the fingerprint with the sender (e.g. by phone).": "文件 %1 由 %2（%3）签名，本机不认识这个密钥。\n\n指纹：%4\n\n"
        "是否信任这个密钥？请先与发送方（例如电话）核对指纹无误后再选择“是”。",
    },
)

_context(
    "ReportsPage",
    {
        "Reports": "报表",
        "Specialist work log": "特派员工作台账",
        "Township station summary": "乡镇服务站汇总表",
        "County work report": "县级科技特派员工作报告",
        "Report": "报表",
        "&Report:": "报表(&R)：",
        "&For:": "对象(&F)：",
        "&Period:": "时段(&P)：",
        "Dates:": "日期：",
        "Also save the tables as Excel (.xlsx)": "同时把表格保存为 Excel (.xlsx)",
        "Open the PDF when it is ready": "生成后打开 PDF",
        "Generate…": "生成…",
        "Open PDF": "打开 PDF",
        "Open folder": "打开文件夹",
        "Generated reports": "已生成的报表",
        "Reports made in this session are listed here.": "本次生成的报表列在这里。",
        "This month": "本月",
        "Last month": "上月",
        "This quarter": "本季度",
        "This year": "本年",
        "Last year": "上一年",
        "Other dates": "自定日期",
        "Whole city (all counties)": "全市（所有县区）",
        "Save report": "保存报表",
        "PDF (*.pdf)": "PDF 文件 (*.pdf)",
        "Generating report…": "正在生成报表…",
        "Failed: %1": "失败：%1",
        "%1: %2 pages, font %3%4": "%1：共 %2 页，字体 %3%4",
        " (not embedded)": "（未嵌入）",
        "Excel: %1": "Excel：%1",
    },
)

_context(
    "SettingsPage",
    {
        "Settings": "设置",
        "Language": "语言",
        "&Language of the program:": "程序界面语言(&L)：",
        "Data": "数据",
        "Database:": "数据库：",
        "Move data to another folder…": "把数据移到其他文件夹…",
        "Demo data is a temporary copy and is deleted when the program closes.": "演示数据是临时副本，程序关闭时删除。",
        "Font for PDF reports": "PDF 报表字体",
        "Font:": "字体：",
        "Choose font file…": "选择字体文件…",
        "Automatic": "自动选择",
        "Backup": "备份",
        "Back up the database automatically every day (kept for 30 days)": "每天自动备份数据库（保留 30 天）",
        "Date": "日期",
        "Size": "大小",
        "Back up now": "立即备份",
        "Restore selected backup…": "从选中的备份恢复…",
        "Restore from file…": "从文件恢复…",
        "(in memory)": "（内存数据库）",
        "Automatic: %1": "自动：%1",
        "Demo data is not backed up.": "演示数据不做备份。",
        "Backups are kept in %1": "备份保存在 %1",
        "%1 (not embedded)": "%1（未嵌入）",
        "Data folder": "数据文件夹",
        "%1 already holds a database. Use that database from the next start?": "%1 中已有数据库。下次启动时使用那个数据库吗？",
        "From the next start the program uses %1. The old file stays where it was.": "下次启动时程序将使用 %1。原来的文件保留不动。",
        "TrueType fonts (*.ttf *.ttc)": "TrueType 字体 (*.ttf *.ttc)",
        "Backup saved: %1": "备份已保存：%1",
        "Backing up…": "正在备份…",
        "Restore": "恢复",
        "Select a backup in the list.": "请在列表中选择一个备份。",
        "Database backups (*.sqlite3)": "数据库备份 (*.sqlite3)",
        "Replace all data on this computer by the backup %1?\n\nThe current data is first saved beside the "
        "database, so this can be undone.": "用备份 %1 替换本机的全部数据吗？\n\n当前数据会先另存在数据库旁边，可以撤销。",
        "Restored %1. The data before the restore was saved as %2.": "已从 %1 恢复。恢复前的数据已另存为 %2。",
    },
)
