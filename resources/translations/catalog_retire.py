"""Chinese for the strings of revoked keys and what they keep (issue 10, round 2 session 3).

Same format as ``catalog_shell.py``: keys are "Context|English source".
Read by tools/update_translations.py; not imported by the program.
"""

ZH_CN: dict[str, str] = {}


def _context(name: str, table: dict[str, str]) -> None:
    for source, text in table.items():
        ZH_CN[f"{name}|{source}"] = text


_context(
    "RevokeDialog",
    {
        "Revoke key": "吊销密钥",
        "Revoke this computer's key if the laptop was lost or stolen. Files it signs from now "
        "on are refused everywhere once the offices have the new roster; the person enrols a "
        "replacement computer anew.": "电脑丢失或被盗时吊销它的密钥。各单位导入新的花名册后，"
        "这台电脑此后签名的文件一律拒收；本人用新电脑重新登记。",
        "Computer:": "电脑：",
        "Fingerprint:": "指纹：",
        "Changes to &keep:": "保留的更改（&K）：",
        "Revoke": "吊销",
        "This county holds its first %1 changes. If a township station reports that it holds "
        "more (its sync page shows how many), enter that number so they still arrive.": "本县已收到"
        "它的前 %1 条更改。乡镇服务站报告收着更多时（其同步页“其他电脑”中“本机已收到”一栏），请填入该数字，"
        "这些更改仍可照常转来。",
        "Keep the %1 changes this computer already sent; anything its key signs after them is "
        "refused.": "保留该电脑已发出的 %1 条更改；此后这把密钥签的更改一律拒收。",
        "Keep none of this computer's changes: anything its key signed is refused.": "不保留该电脑的任何更改："
        "这把密钥签的更改一律拒收。",
    },
)
_context(
    "SyncPage",
    {
        "Revoke key…": "吊销密钥…",
        "A lost or stolen laptop: revoke its key, keeping the changes it already sent": "电脑丢失或被盗："
        "吊销它的密钥，保留它已发出的更改",
        " (revoked)": "（已吊销）",
        "Received here": "本机已收到",
        "This computer holds that computer's changes up to number %1 (a township reports "
        "this number when the county revokes a lost laptop)": "本机收到了那台电脑第 %1 条及以前的更改"
        "（县里吊销丢失电脑的密钥时，乡镇站报这个数）",
        "Revoke key": "吊销密钥",
        "Select the computer whose key is to be revoked.": "请先选择要吊销密钥的电脑。",
        "This computer has no key in the county's keyring.": "县里的密钥列表中没有这台电脑的密钥。",
        "Revoked the key of %1, keeping the %2 changes it already sent. Export the roster "
        "and send it to every office.": "已吊销 %1 的密钥，保留它已发出的 %2 条更改。请导出花名册发给各单位。",
        "Revoked the key of %1, keeping none of its changes. Export the roster and send it "
        "to every office.": "已吊销 %1 的密钥，不保留它的任何更改。请导出花名册发给各单位。",
    },
)
_context(
    "EnrolDialog",
    {
        "The old key stays valid for the first %1 changes it signed, so those already "
        "sent and still at a township arrive as usual.": "旧密钥仍认它签过的前 %1 条更改，已发出、"
        "还在乡镇站的照常接收。",
        "The request carries no handover signed by the old key: changes signed with it "
        "that have not arrived here yet will be refused.": "申请里没有旧密钥签署的交接说明：用旧密钥签的、"
        "还没到本县的更改将被拒收。",
    },
)
