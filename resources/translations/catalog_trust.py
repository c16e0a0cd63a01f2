"""Chinese for the strings the sync-trust work (issue 9) added to the shell: the clock warnings.

Keys are "Context|English source".  Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {
    "MainWindow|Clock %1 days behind": "时钟慢了 %1 天",
    "MainWindow|Files from other computers are dated %1 days after this computer's clock:"
    " this clock is probably behind. Correct this computer's date and time.": "其他电脑发来的文件比本机时钟晚 %1 天：本机时钟可能慢了，请校正本机的日期和时间。",
    "MainWindow|Changes saved on this computer are dated %1 days ahead of its clock (was the"
    " clock set ahead?). If the clock is right now, the next save corrects their"
    " dates; otherwise correct this computer's date and time.": "本机保存的更改比电脑时钟晚 %1 天（电脑时钟曾被调快？）。如果现在的时钟是对的，下次保存时会自动更正这些更改的时间；否则请先校正本机的日期和时间。",
}
