"""Chinese for the strings of the architecture work (issue 12): the county's status bar.

Keys are "Context|English source", as in catalog_shell.py.
Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {
    "MainWindow|Townships overdue: %1": "逾期未报送的乡镇：%1",
    "MainWindow|Last month's file has not arrived in time from: %1": "上月文件未按时送达：%1",
}
