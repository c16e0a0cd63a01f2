"""User-facing messages of the sync package (zh_CN default, en)."""

from __future__ import annotations

from .. import i18n

i18n.register(
    {
        # keys and trust
        "sync.no_key": (
            "本机尚未生成签名密钥：请在“首次使用”向导中完成本机设置（命令行：zjk init）",
            (
                "This computer has no signing key yet: finish setting it up in the “First start” wizard"
                " (command line: zjk init)"
            ),
        ),
        "sync.key_missing_file": (
            "找不到本机私钥文件 {path}",
            "The private key file {path} is missing",
        ),
        "sync.unknown_key": (
            '发送方密钥未受信任（指纹 {fp}），请与对方核对指纹后运行 zjk keys trust "{fp}"',
            'The sender\'s key is not trusted (fingerprint {fp}); check it with the sender, then run zjk keys trust "{fp}"',
        ),
        "sync.unknown_key_named": (
            '发送方“{name}”的电脑未受信任（指纹 {fp}），请与对方核对指纹后运行 zjk keys trust "{fp}"',
            'The sender “{name}” is not trusted (fingerprint {fp}); check it with the sender, then run zjk keys trust "{fp}"',
        ),
        "sync.r.county_no_org": (
            "县服务团的电脑尚未设置所属县，只能修改名册（设置本县：zjk init --role county --org 县区划代码）",
            (
                "The county computer has no county set yet; it may change only the roster"
                " (set the county: zjk init --role county --org COUNTY_CODE)"
            ),
        ),
        "sync.revoked_key": (
            "发送方密钥已被吊销（指纹 {fp}）",
            "The sender's key has been revoked (fingerprint {fp})",
        ),
        "sync.key_mismatch": (
            "发送方 {node} 的密钥与已登记的不一致（指纹 {fp}）",
            "The key of the sender {node} differs from the registered one (fingerprint {fp})",
        ),
        "sync.bad_signature": (
            "签名无效：文件被改动或不是由发送方签署",
            "Invalid signature: the file was altered or not signed by the sender",
        ),
        "sync.fingerprint_mismatch": (
            "指纹不一致：文件中的密钥指纹是 {fp}",
            "Fingerprints differ: the key in the file has fingerprint {fp}",
        ),
        "sync.no_pending_key": (
            "没有指纹为 {fp} 的待信任密钥；请给出同步文件",
            "No key waiting with fingerprint {fp}; give a sync file instead",
        ),
        "sync.trusted": (
            "已信任 {label} 的密钥（{role}，指纹 {fp}）",
            "Trusted the key of {label} ({role}, fingerprint {fp})",
        ),
        # container
        "sync.not_a_package": (
            "不是有效的同步文件（{detail}）",
            "Not a valid sync file ({detail})",
        ),
        "sync.not_zip": ("文件不完整或不是同步文件", "the file is incomplete or not a sync file"),
        "sync.layout": ("文件结构被改动过", "the file's structure was altered"),
        "sync.damaged_member": (
            "同步文件已损坏：{name} 部分读不出来，请让对方重新导出",
            "The sync file is damaged: its part {name} cannot be read; ask the sender to export again",
        ),
        "sync.no_recipient": (
            "同步文件没有写明接收方，未导入",
            "The sync file names no recipient; nothing was imported",
        ),
        "sync.r.id_not_yours": (
            "记录编号属于另一台电脑创建的记录，不能以此编号新建",
            "The record id belongs to a record made on another computer; it cannot be created under that id",
        ),
        "sync.r.counter_reused": (
            "“{name}”的电脑重复使用了更改编号 {n}（内容不同），可能是从备份恢复后没有同步；请该电脑先导入本机发出的同步文件",
            "The computer “{name}” reused change number {n} with different content (perhaps restored from a backup); it should import a file from this computer first",
        ),
        "sync.r.dangling": (
            "引用的{what}尚未收到",
            "refers to a {what} not received yet",
        ),
        "sync.held_dangling": (
            "{n} 条更改引用的村、特派员或记录尚未收到（来自 {node}），已暂缓，收到后自动接收",
            "{n} changes refer to a village, specialist or record not received yet (from {node}); held back until it arrives",
        ),
        "sync.held_future_maybe_us": (
            "{n} 条更改的时间比本机时钟晚 {days} 天以上（{when}，来自 {node}），已暂缓。如果本机时钟慢了，请先校正本机日期和时间；否则请对方校正电脑时钟",
            "{n} changes are dated more than {days} days after this computer's clock ({when}, from {node}); held back. If this computer's clock is behind, correct its date and time first; otherwise ask the sender to correct theirs",
        ),
        "sync.disk_full": (
            "磁盘空间不足，需要约 {mb} MB，未导入任何内容",
            "Not enough disk space: about {mb} MB needed; nothing was imported",
        ),
        "sync.disk_full_export": (
            "磁盘空间不足，需要约 {mb} MB，未写出同步文件",
            "Not enough disk space: about {mb} MB needed; no sync file was written",
        ),
        "sync.future_accepted": (
            "{n} 条更改的时间在本机时钟一周以后（最晚 {when}，来自 {node}）：已接收，但不会拨快本机时钟；对方校正时钟后会自动更正",
            "{n} changes are dated more than a week after this computer's clock (latest {when}, from {node}): accepted, but this clock is not moved; they are corrected once the sender's clock is fixed",
        ),
        "sync.clock_behind": (
            "“{name}”在 {when} 制作了这个文件，本机时钟却还早 {days} 天：本机时钟可能慢了，请校正本机的日期和时间",
            "“{name}” made this file on {when}, {days} days after this computer's clock: this clock is probably behind; correct this computer's date and time",
        ),
        "sync.os.missing": ("文件不存在", "the file does not exist"),
        "sync.os.denied": ("没有访问权限", "permission denied"),
        "sync.os.folder": ("这是一个文件夹，不是文件", "this is a folder, not a file"),
        "sync.os.full": ("磁盘空间不足", "the disk is full"),
        "sync.os.read_only": ("磁盘或U盘是只读的", "the disk or USB stick is read-only"),
        "sync.os.io": (
            "读写出错，磁盘或U盘可能损坏",
            "read/write error; the disk or USB stick may be damaged",
        ),
        "sync.os.other": ("系统拒绝了此操作", "the system refused the operation"),
        "sync.sum.failed_partly": (
            "部分更改被拒绝或暂缓",
            "some changes were refused or held back",
        ),
        "sync.too_large": (
            "同步文件过大或压缩比异常（{detail}）",
            "The sync file is too large or compresses suspiciously ({detail})",
        ),
        "sync.bad_member": (
            "同步文件含有不允许的内容：{name}",
            "The sync file holds a member that is not allowed: {name}",
        ),
        "sync.member_mismatch": (
            "同步文件内容与清单不符（{name}），文件可能损坏或被改动",
            "The sync file does not match its manifest ({name}); it may be damaged or altered",
        ),
        "sync.bad_manifest": (
            "同步文件清单无效：{detail}",
            "The sync file's manifest is invalid: {detail}",
        ),
        "sync.format_too_new": (
            "同步文件格式较新（版本 {found}），请升级程序后再导入",
            "The sync file uses a newer format (version {found}); please upgrade the program",
        ),
        "sync.schema_too_new": (
            "同步文件来自更新版本的程序（数据版本 {found}），请升级程序后再导入；未导入任何内容",
            "The sync file comes from a newer program (schema {found}); please upgrade; nothing was imported",
        ),
        "sync.not_for_us": (
            "此文件是发给{to}的，不是发给本机的",
            "This file is addressed to {to}, not to this installation",
        ),
        "sync.own_package": (
            "这是本机自己导出的文件",
            "This file was exported by this installation",
        ),
        "sync.old_roster": (
            "名册版本较旧（第 {found} 版，本机已有第 {have} 版），未导入",
            "This roster is older (edition {found}; this installation has edition {have}); not imported",
        ),
        "sync.roster_not_county": (
            "名册只能由县服务团发出",
            "Only the county team can issue a roster",
        ),
        "sync.cannot_read": ("无法读取文件：{detail}", "Cannot read the file: {detail}"),
        "sync.cancelled": ("已取消，未导入任何内容", "Cancelled; nothing was imported"),
        "sync.export_cancelled": ("已取消导出", "Export cancelled"),
        "sync.bad_target": ("无法确定接收方：{to}", "Cannot tell who the recipient is: {to}"),
        "sync.roster_county_only": (
            "只有县服务团可以导出名册",
            "Only the county team can export the roster",
        ),
        "sync.no_role": (
            (
                "本机尚未设置角色：请重新启动程序，在“首次使用”向导中选择"
                "“为我的工作设置这台电脑”（命令行：zjk init）"
            ),
            (
                "This computer has no role yet: restart the program and choose"
                " “Set up this computer for my work” in the “First start” wizard (command line: zjk init)"
            ),
        ),
        "sync.write_failed": ("无法写入 {path}：{detail}", "Cannot write {path}: {detail}"),
        # per change refusals
        "sync.r.bad_change": ("记录格式无效：{detail}", "Malformed change: {detail}"),
        "sync.r.unknown_origin": (
            "转交的更改来自未知节点 {node}",
            "A relayed change comes from an unknown node {node}",
        ),
        "sync.r.bad_origin_sig": (
            "转交的更改缺少来源节点的有效签名",
            "A relayed change lacks a valid signature of its origin node",
        ),
        "sync.r.seal_missing": (
            "文件中缺少{name}对这批更改（批次 {seal}）的签名",
            "The file lacks the seal of {name} for this batch of changes (batch {seal})",
        ),
        "sync.r.seal_forged": (
            "{name}的批次 {seal} 签名无效（被伪造或改动过）",
            "The seal of batch {seal} of {name} has an invalid signature (forged or altered)",
        ),
        "sync.r.seal_revoked": (
            "{name}的密钥已被撤销，其批次签名不再有效",
            "The key of {name} was revoked; its seals are no longer valid",
        ),
        "sync.r.seal_mismatch": (
            "更改与{name}签名的批次 {seal} 不符（被改动、增加或替换过）",
            "The changes do not match batch {seal} sealed by {name} (altered, added or replaced)",
        ),
        "sync.r.seal_position_twice": (
            "{name}的批次 {seal} 中有位置重复的更改",
            "Two changes claim the same place in batch {seal} of {name}",
        ),
        "sync.r.seal_position_outside": (
            "{name}的批次 {seal} 只有 {count} 条更改，文件中的更改位置超出范围",
            "Batch {seal} of {name} has only {count} changes; a change claims a place beyond it",
        ),
        "sync.r.seal_reused": (
            "{name}的电脑给两批不同的更改用了同一个批次号 {seal}（可能从备份恢复后没有同步）；请该电脑先导入本机发出的同步文件",
            "The computer {name} numbered two different batches of changes {seal} (perhaps restored from a backup); it should import a file from this computer first",
        ),
        "sync.r.not_own_record": (
            "特派员只能修改本人的记录",
            "A specialist may change only their own records",
        ),
        "sync.r.no_review": ("特派员不能审核记录", "A specialist may not review records"),
        "sync.r.roster_county": (
            "只有县服务团可以修改名册和密钥",
            "Only the county team may change the roster and keys",
        ),
        "sync.r.not_township_record": (
            "乡镇服务站只能修改本站特派员的记录",
            "A township station may change only records of its own specialists",
        ),
        "sync.r.not_county_record": (
            "县服务团只能修改本县的记录",
            "A county team may change only records of its own county",
        ),
        "sync.r.unknown_record": (
            "无法确定该记录属于哪位特派员",
            "Cannot tell which specialist this record belongs to",
        ),
        "sync.r.no_role": ("发送节点没有登记角色", "The sending node has no registered role"),
        "sync.r.bad_value": ("{field}：{message}", "{field}: {message}"),
        "sync.held_future": (
            "{n} 条更改的时间比本机时钟晚超过 {days} 天（{when}，来自 {node}），已暂缓导入；请发送方校正电脑时钟，本机时钟到达该时间后会自动接收",
            "{n} changes are dated more than {days} days after this computer's clock ({when}, from {node}); held back. Ask the sender to correct the computer's clock; they are accepted once this clock reaches that time",
        ),
        "sync.held_waiting": (
            "{n} 条更改所属的记录尚未收到（来自 {node}），已暂缓，收到该记录后自动接收",
            "{n} changes belong to a record not received yet (from {node}); held back until it arrives",
        ),
        "sync.held_after": (
            "{n} 条更改因排在被暂缓的更改之后一并暂缓（来自 {node}）",
            "{n} changes held back because they follow held-back changes (from {node})",
        ),
        # summaries
        "sync.kind.delta": ("增量数据", "changes"),
        "sync.kind.full": ("全部数据", "full data"),
        "sync.kind.roster": ("名册", "roster"),
        "sync.kind.receipt": ("回执", "receipt"),
        "sync.sum.ok": (
            "{file}：{kind}，来自 {sender}，已导入",
            "{file}: {kind} from {sender}, imported",
        ),
        "sync.sum.dry": (
            "{file}：{kind}，来自 {sender}，检查通过（试运行，未导入）",
            "{file}: {kind} from {sender}, checks passed (dry run, nothing imported)",
        ),
        "sync.sum.verified": (
            "{file}：{kind}，来自 {sender}，检查通过",
            "{file}: {kind} from {sender}, checks passed",
        ),
        "sync.sum.failed": ("{file}：未导入。{reason}", "{file}: not imported. {reason}"),
        "sync.sum.line": (
            "  {kind}：新增 {new}，更新 {updated}，无变化 {unchanged}，冲突 {conflicts}，拒绝 {refused}",
            "  {kind}: new {new}, updated {updated}, unchanged {unchanged}, conflicts {conflicts}, refused {refused}",
        ),
        "sync.sum.held": ("  暂缓：{n}", "  held back: {n}"),
        "sync.sum.refused_item": ("  拒绝 {what}：{reason}", "  refused {what}: {reason}"),
        "sync.sum.more_refused": ("  ……另有 {n} 条被拒绝", "  … {n} more refused"),
        "sync.sum.receipt": (
            "  对方已确认收到的数据已更新",
            "  What the peer confirmed receiving is updated",
        ),
        "sync.exported": (
            "已导出 {path}：{n} 条更改，{blobs} 张照片，{size} 字节",
            "Exported {path}: {n} changes, {blobs} photos, {size} bytes",
        ),
        "sync.repeated": (
            "其中 {n} 条更改以前发过，但对方还没有回执确认，所以再发一次；请对方导入后运行 zjk receipt --for {me} --out 回执.zjkpkg 并把回执发回，以后的文件就只含新的更改",
            "{n} of these changes were sent before but no receipt confirmed them, so they are sent again; ask the recipient to import this file, run zjk receipt --for {me} --out receipt.zjkpkg and send the receipt back: later files then hold only new changes",
        ),
        "sync.peer_line2": (
            "{name}  最近往来：{last}  对方尚未确认：{unsent} 条更改",
            "{name}  last exchange: {last}  not yet confirmed: {unsent} changes",
        ),
        "sync.revoked_mark": ("（已吊销）", "(revoked)"),
        "sync.is_sheet": (
            "{name} 是表格文件，不是同步文件；花名册表格请用 zjk roster import {name} 导入",
            "{name} is a spreadsheet, not a sync file; import a roster sheet with zjk roster import {name}",
        ),
        "sync.no_peers": ("还没有与其他节点交换过文件", "No files exchanged with other nodes yet"),
        "sync.peer_line": (
            "{node}  {role}  {label}  最近：{last}  未确认：{unsent}",
            "{node}  {role}  {label}  last seen: {last}  unconfirmed: {unsent}",
        ),
        "sync.never": ("从未", "never"),
        "sync.keys_show": (
            "节点 {node}\n角色 {role}\n指纹 {fp}",
            "Node {node}\nRole {role}\nFingerprint {fp}",
        ),
        "sync.trust_confirm": (
            "密钥指纹：{fp}\n发送方：{label}（{role}，节点 {node}）\n请与对方电话核对指纹。确认信任？[y/N] ",
            "Key fingerprint: {fp}\nSender: {label} ({role}, node {node})\nCheck the fingerprint with the sender by phone. Trust it? [y/N] ",
        ),
        "sync.trust_declined": ("未信任任何密钥", "No key trusted"),
        "sync.everyone": ("所有节点", "every node"),
    }
)
