"""Chinese for the strings of computers and keys (issue 10): wizard steps, settings, enrolment.

Same format as ``catalog_shell.py``: keys are "Context|English source".
Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {}


def _context(name: str, table: dict[str, str]) -> None:
    for source, text in table.items():
        ZH_CN[f"{name}|{source}"] = text


_context(
    "OrgPage",
    {
        "Roster (*.zjkpkg *.xlsx *.csv)": "名册 (*.zjkpkg *.xlsx *.csv)",
        "(not in the list: the county links me when it approves)": "（不在名单中：由县服务团审批时关联）",
        "There is no roster on this computer yet: pick your county, or import the roster file the county "
        "sent you (.zjkpkg, or a sheet .xlsx / .csv).": "本机还没有名册：请选择您所在的县区，或导入县里发来的名册文件（.zjkpkg，或表格 .xlsx / .csv）。",
        "Trust the county's key?": "信任县服务团的密钥吗？",
        "The roster %1 was signed by the county team %2.\n\nFingerprint: %3\n\nPhone the county team and "
        "compare every digit before you trust this key.": "名册 %1 由县服务团 %2 签名。\n\n密钥指纹：%3\n\n请先给县服务团打电话，逐位核对指纹，再信任这个密钥。",
        "Trust and import": "信任并导入",
        "Do not trust": "不信任",
        "Not imported: the county's key was not trusted.": "未导入：没有信任县服务团的密钥。",
    },
)
_context(
    "DonePage",
    {
        "%1 · %2 · %3": "%1 · %2 · %3",
        "not linked to the roster yet": "尚未关联到名册",
        "Save enrolment request…": "保存登记申请…",
        "Save enrolment request": "保存登记申请",
        "Enrolment request (*.zjkpkg)": "登记申请 (*.zjkpkg)",
        "Files you send are signed with this key. Next: import your roster sheet on the Villages or "
        "Specialists page, approve the enrolment requests new computers send you (Import on the Sync "
        "page), then export the roster and send it to everyone.": "您发出的文件都用这个密钥签名。接下来：在“村庄”或“特派员”页导入名册表格；在“同步”页用“导入”"
        "打开各台新电脑发来的登记申请并批准；然后导出花名册发给各单位。",
        "Three steps to join:\n1. Save the enrolment request and send it to the county team.\n"
        "2. Phone them and read out this fingerprint; they approve and send back the roster file "
        "(.zjkpkg).\n3. Import that file on the Sync page.": "加入只需三步：\n1. 保存登记申请，发给县服务团。\n2. 给县服务团打电话，念出上面的指纹；"
        "他们批准后会发回花名册文件（.zjkpkg）。\n3. 在“同步”页导入这个文件。",
        "Enrolment request saved: %1": "登记申请已保存：%1",
    },
)
_context(
    "SettingsPage",
    {
        "This computer": "本机",
        "Role:": "角色：",
        "&Name:": "姓名(&N)：",
        "Save name and organisation": "保存姓名和单位",
        "Key fingerprint:": "密钥指纹：",
        "Save enrolment request…": "保存登记申请…",
        "Back up keys…": "备份密钥…",
        "Restore key backup…": "恢复密钥备份…",
        "New key…": "更换密钥…",
        "&You in the roster:": "名册中的您(&Y)：",
        "&Township station:": "乡镇服务站(&T)：",
        "&County:": "县区(&C)：",
        "(not linked yet)": "（尚未关联）",
        "The keys are in %1, beside the database: back them up, and keep them with the database when you "
        "move it.": "密钥保存在数据库旁边的 %1：请备份密钥；移动数据库时要连同密钥一起移动。",
        "Saved: this computer is used by %1.": "已保存：本机使用者为 %1。",
        "Save enrolment request": "保存登记申请",
        "Enrolment request (*.zjkpkg)": "登记申请 (*.zjkpkg)",
        "Enrolment request saved: %1. Send it to the county team and read out the fingerprint on the "
        "phone.": "登记申请已保存：%1。请发给县服务团，并在电话中念出指纹。",
        "Back up keys": "备份密钥",
        "Key backups (*.age)": "密钥备份 (*.age)",
        "Passphrase for the backup:": "备份密码：",
        "The same passphrase again:": "再输入一次密码：",
        "The two passphrases differ; nothing was saved.": "两次输入的密码不一致，未保存。",
        "Keys backed up to %1. Keep it apart from the database backup and remember the passphrase.": "密钥已备份到 %1。请与数据库备份分开保管，并记住密码。",
        "Restore key backup": "恢复密钥备份",
        "Passphrase of the backup:": "备份的密码：",
        "Keys restored (fingerprint %1).": "密钥已恢复（指纹 %1）。",
        "New key": "更换密钥",
        "Make a new key for this computer? Use this only if the key was lost or may be known to someone "
        "else. Until the county team approves the new key, other offices refuse files from this computer. "
        "Next you save the enrolment request for the county.": "为本机生成新密钥吗？只有密钥丢失或可能被他人知道时才需要这样做。县服务团批准新密钥之前，"
        "其他单位不接收本机的文件。接下来请保存登记申请交给县服务团。",
    },
)
_context(
    "EnrolDialog",
    {
        "Approve": "批准",
        "Cancel": "取消",
        "Enrolment request": "登记申请",
        "A new computer asks to join. Phone the person and compare the fingerprint below with the one "
        "their computer shows; approve only if every digit matches.": "一台新电脑申请加入。请给对方打电话，把下面的指纹与对方电脑上显示的逐位核对，完全一致才批准。",
        "Who:": "申请人：",
        "Office given:": "填写的单位：",
        "Fingerprint:": "指纹：",
        "In the roster:": "名册中的人员：",
        "Township station:": "乡镇服务站：",
        "After approving, export the roster and send it to them: it carries their key.": "批准后请导出花名册发给对方：花名册中带有对方的密钥。",
        "This computer replaces its key %1; the old key will be revoked.": "这台电脑要更换密钥（原指纹 %1）；旧密钥将被吊销。",
    },
)
