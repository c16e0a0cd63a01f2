"""Chinese for the strings added by issue 11 (the desktop on a real office laptop).

Keys are "Context|English source", as in ``catalog_shell.py``.
Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {}


def _context(name: str, table: dict[str, str]) -> None:
    for source, text in table.items():
        ZH_CN[f"{name}|{source}"] = text


_context("JobProgressDialog", {
    "Cancel": "取消",
})

_context("TaskRunner", {
    "This folder or file cannot be written; choose another place.": "此文件夹或文件不能写入，请另选位置。",
    "The file or folder was not found.": "找不到该文件或文件夹。",
    "The disk is full; free some space or choose another place.": "磁盘已满，请清理空间或另选位置。",
    "The file could not be read or written.": "无法读取或写入该文件。",
    "Something went wrong; the details are in the log file.": "操作未能完成，详细情况已记入日志文件。",
})

_context("RecordFormDialog", {
    "Save (Ctrl+S)": "保存 (Ctrl+S)",
    "The record stays a draft until submitted": "提交之前记录保持为草稿",
    "Save and new (Ctrl+Shift+S)": "保存并新建 (Ctrl+Shift+S)",
    "Save, then start the next record with the same date, village and industry":
        "保存后新建下一条记录，日期、村庄和产业保持不变",
})

_context("RecordForm", {
    "A number; decimals allowed, e.g. 12.5": "数字，可带小数，如 12.5",
    "A whole number": "整数",
})

_context("ReviewPage", {
    "Undo": "撤销",
    "Take back the review just done": "撤销刚才的审核",
    "Approve": "审核通过",
    "Approve %1 records?": "审核通过这 %1 条记录吗？",
    "Undone: %1 record(s) are back as they were.": "已撤销：%1 条记录已恢复原状。",
})

_context("ConflictDialog", {
    "Open record…": "打开记录…",
})
