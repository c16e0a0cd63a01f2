<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>App</name>
        <message>
            <source>Cannot start</source>
            <translation>无法启动</translation>
        </message>
    </context>
    <context>
        <name>AssessmentPage</name>
        <message>
            <source>Annual assessment</source>
            <translation>年度考核</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>年度</translation>
        </message>
        <message>
            <source>Search name, station, sending unit…</source>
            <translation>搜索姓名、服务站、派出单位…</translation>
        </message>
        <message>
            <source>Confirm grade</source>
            <translation>确认等次</translation>
        </message>
        <message>
            <source>County's comment</source>
            <translation>县服务团意见</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>确认</translation>
        </message>
        <message>
            <source>Print performance sheet…</source>
            <translation>打印绩效情况表…</translation>
        </message>
        <message>
            <source>Print ranking…</source>
            <translation>打印考核排名表…</translation>
        </message>
        <message>
            <source>Rules…</source>
            <translation>考核规则…</translation>
        </message>
        <message>
            <source>The year's assessment and management rules (county)</source>
            <translation>本年度的考核与管理规则（由县服务团设定）</translation>
        </message>
        <message>
            <source>All grades</source>
            <translation>全部等次</translation>
        </message>
        <message>
            <source>All stations</source>
            <translation>全部服务站</translation>
        </message>
        <message>
            <source>Rank</source>
            <translation>名次</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Station</source>
            <translation>服务站</translation>
        </message>
        <message>
            <source>Services</source>
            <translation>服务次数</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>服务天数</translation>
        </message>
        <message>
            <source>Trainings</source>
            <translation>培训</translation>
        </message>
        <message>
            <source>Satisfaction %</source>
            <translation>满意率 %</translation>
        </message>
        <message>
            <source>Result points</source>
            <translation>成效得分</translation>
        </message>
        <message>
            <source>Flagged photos</source>
            <translation>疑点照片</translation>
        </message>
        <message>
            <source>Suggested</source>
            <translation>建议等次</translation>
        </message>
        <message>
            <source>Confirmed</source>
            <translation>确认等次</translation>
        </message>
        <message>
            <source>%1 specialists, %2 confirmed</source>
            <translation>特派员 %1 名，已确认 %2 名</translation>
        </message>
        <message>
            <source>Select a specialist to see the rules, the figures and the suggested grade.</source>
            <translation>在左侧列表中选择一名特派员，查看考核规则、各项数据和建议等次。</translation>
        </message>
        <message>
            <source>Suggested grade</source>
            <translation>建议等次</translation>
        </message>
        <message>
            <source>Confirmed: %1 by %2 on %3</source>
            <translation>已确认：%1（%2，%3）</translation>
        </message>
        <message>
            <source>Rules for %1</source>
            <translation>%1 年度考核与管理规则</translation>
        </message>
        <message>
            <source>Rules for %1 saved.</source>
            <translation>%1 年度规则已保存。</translation>
        </message>
        <message>
            <source>Grade of %1 recorded.</source>
            <translation>已记录 %1 的考核等次。</translation>
        </message>
        <message>
            <source>Save report</source>
            <translation>保存报表</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Saved %1</source>
            <translation>已保存 %1</translation>
        </message>
        <message>
            <source>Generating report…</source>
            <translation>正在生成报表…</translation>
        </message>
    </context>
    <context>
        <name>ConflictDialog</name>
        <message>
            <source> (this computer)</source>
            <translation>（本机）</translation>
        </message>
        <message>
            <source>Resolve conflict</source>
            <translation>处理冲突</translation>
        </message>
        <message>
            <source>Open record…</source>
            <translation>打开记录…</translation>
        </message>
        <message>
            <source>This %1 was changed on two computers at the same time. For each field, keep one of the values or type another; the other values stay in the history.</source>
            <translation>此%1在两台电脑上被同时修改。请为每个字段选择保留一个值或输入新值；其他值仍保留在修改历史中。</translation>
        </message>
    </context>
    <context>
        <name>Crash</name>
        <message>
            <source>Unexpected error</source>
            <translation>意外错误</translation>
        </message>
        <message>
            <source>An unexpected error occurred. Your saved data is safe.</source>
            <translation>程序发生意外错误。已保存的数据不受影响。</translation>
        </message>
        <message>
            <source>Please send the log file to your support contact:
%1</source>
            <translation>请将日志文件发送给技术支持人员：
%1</translation>
        </message>
        <message>
            <source>The program closed unexpectedly last time</source>
            <translation>上次程序意外退出</translation>
        </message>
        <message>
            <source>The program stopped unexpectedly last time. The report was saved to the log folder:</source>
            <translation>程序上次意外停止运行，错误报告已保存到日志文件夹：</translation>
        </message>
    </context>
    <context>
        <name>DashboardPage</name>
        <message>
            <source>Dashboard</source>
            <translation>工作台</translation>
        </message>
        <message>
            <source>The figures could not be computed: %1</source>
            <translation>无法计算统计数据：%1</translation>
        </message>
        <message>
            <source>Visits this month</source>
            <translation>本月走访</translation>
        </message>
        <message>
            <source>Trainings this month</source>
            <translation>本月培训</translation>
        </message>
        <message>
            <source>Returned for correction</source>
            <translation>退回待修改</translation>
        </message>
        <message>
            <source>Conflicts waiting</source>
            <translation>待处理冲突</translation>
        </message>
        <message>
            <source>Extension this month</source>
            <translation>本月技术推广</translation>
        </message>
        <message>
            <source>Not yet received upstream</source>
            <translation>上级尚未收到的更改</translation>
        </message>
        <message>
            <source>%1 days (%2)</source>
            <translation>%1 天（%2）</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>走访</translation>
        </message>
        <message>
            <source>Extension</source>
            <translation>技术推广</translation>
        </message>
        <message>
            <source>Trainings</source>
            <translation>培训</translation>
        </message>
        <message>
            <source>Records</source>
            <translation>记录数</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>月份</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村庄</translation>
        </message>
        <message>
            <source>Industry</source>
            <translation>产业</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>审核意见</translation>
        </message>
        <message>
            <source>Records returned for correction (%1)</source>
            <translation>退回待修改的记录（%1）</translation>
        </message>
        <message>
            <source>Specialist</source>
            <translation>特派员</translation>
        </message>
        <message>
            <source>County</source>
            <translation>县区</translation>
        </message>
        <message>
            <source>Station</source>
            <translation>服务站</translation>
        </message>
        <message>
            <source>Villages</source>
            <translation>村数</translation>
        </message>
        <message>
            <source>Villages assigned</source>
            <translation>派驻村数</translation>
        </message>
        <message>
            <source>This month</source>
            <translation>本月</translation>
        </message>
        <message>
            <source>This year</source>
            <translation>本年</translation>
        </message>
        <message>
            <source>Without service (%1 days)</source>
            <translation>%1 天未服务村</translation>
        </message>
        <message>
            <source>By township</source>
            <translation>按乡镇</translation>
        </message>
        <message>
            <source>By specialist</source>
            <translation>按特派员</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Values</source>
            <translation>各方的值</translation>
        </message>
        <message>
            <source>Conflicts waiting for a decision (%1)</source>
            <translation>待处理的冲突（%1）</translation>
        </message>
        <message>
            <source>Township</source>
            <translation>乡镇</translation>
        </message>
        <message>
            <source>Poor village</source>
            <translation>贫困村</translation>
        </message>
        <message>
            <source>Last service</source>
            <translation>最近服务</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未</translation>
        </message>
        <message>
            <source>Villages without service in %1 days (%2 of %3)</source>
            <translation>%1 天内无服务的村（%2 / 共 %3 个）</translation>
        </message>
        <message>
            <source>Records per month (last 12 months)</source>
            <translation>每月记录数（近 12 个月）</translation>
        </message>
        <message>
            <source>Villages without service</source>
            <translation>服务空白村</translation>
        </message>
        <message>
            <source>Records returned for correction</source>
            <translation>退回待修改的记录</translation>
        </message>
        <message>
            <source>All villages</source>
            <translation>全部村庄</translation>
        </message>
        <message>
            <source>%1 · %2 · today %3</source>
            <translation>%1 · %2 · 今天 %3</translation>
        </message>
        <message>
            <source>(no name)</source>
            <translation>（未填写姓名）</translation>
        </message>
        <message>
            <source>%1 days</source>
            <translation>%1 天</translation>
        </message>
        <message>
            <source>Only villages in the programme</source>
            <translation>只看贫困村和派驻村</translation>
        </message>
        <message>
            <source>Poor villages and villages with an assigned specialist</source>
            <translation>贫困村和已派驻特派员的村</translation>
        </message>
        <message>
            <source>Updating…</source>
            <translation>正在更新…</translation>
        </message>
        <message>
            <source>These are the figures last computed; the current ones are on their way.</source>
            <translation>显示的是上次计算的数字，正在按当前数据重新计算。</translation>
        </message>
        <message>
            <source>Not current: the figures last computed</source>
            <translation>不是最新：这是上次计算的数字</translation>
        </message>
        <message>
            <source>see the log file</source>
            <translation>详见日志文件</translation>
        </message>
    </context>
    <context>
        <name>DonePage</name>
        <message>
            <source>Save enrolment request</source>
            <translation>保存登记申请</translation>
        </message>
        <message>
            <source>Enrolment request (*.zjkpkg)</source>
            <translation>登记申请 (*.zjkpkg)</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>设置完成</translation>
        </message>
        <message>
            <source>This computer could not be set up: %1</source>
            <translation>无法设置这台电脑：%1</translation>
        </message>
        <message>
            <source>%1 · %2 · %3</source>
            <translation>%1 · %2 · %3</translation>
        </message>
        <message>
            <source>not linked to the roster yet</source>
            <translation>尚未关联到名册</translation>
        </message>
        <message>
            <source>Save enrolment request…</source>
            <translation>保存登记申请…</translation>
        </message>
        <message>
            <source>Files you send are signed with this key. Next: import your roster sheet on the Villages or Specialists page, approve the enrolment requests new computers send you (Import on the Sync page), then export the roster and send it to everyone.</source>
            <translation>您发出的文件都用这个密钥签名。接下来：在“村庄”或“特派员”页导入名册表格；在“同步”页用“导入”打开各台新电脑发来的登记申请并批准；然后导出花名册发给各单位。</translation>
        </message>
        <message>
            <source>Three steps to join:
1. Save the enrolment request and send it to the county team.
2. Phone them and read out this fingerprint; they approve and send back the roster file (.zjkpkg).
3. Import that file on the Sync page.</source>
            <translation>加入只需三步：
1. 保存登记申请，发给县服务团。
2. 给县服务团打电话，念出上面的指纹；他们批准后会发回花名册文件（.zjkpkg）。
3. 在“同步”页导入这个文件。</translation>
        </message>
        <message>
            <source>Enrolment request saved: %1</source>
            <translation>登记申请已保存：%1</translation>
        </message>
    </context>
    <context>
        <name>EnrolDialog</name>
        <message>
            <source>Approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Enrolment request</source>
            <translation>登记申请</translation>
        </message>
        <message>
            <source>A new computer asks to join. Phone the person and compare the fingerprint below with the one their computer shows; approve only if every digit matches.</source>
            <translation>一台新电脑申请加入。请给对方打电话，把下面的指纹与对方电脑上显示的逐位核对，完全一致才批准。</translation>
        </message>
        <message>
            <source>Who:</source>
            <translation>申请人：</translation>
        </message>
        <message>
            <source>Office given:</source>
            <translation>填写的单位：</translation>
        </message>
        <message>
            <source>Fingerprint:</source>
            <translation>指纹：</translation>
        </message>
        <message>
            <source>In the roster:</source>
            <translation>名册中的人员：</translation>
        </message>
        <message>
            <source>Township station:</source>
            <translation>乡镇服务站：</translation>
        </message>
        <message>
            <source>After approving, export the roster and send it to them: it carries their key.</source>
            <translation>批准后请导出花名册发给对方：花名册中带有对方的密钥。</translation>
        </message>
        <message>
            <source>This computer replaces its key %1; the old key will be revoked.</source>
            <translation>这台电脑要更换密钥（原指纹 %1）；旧密钥将被吊销。</translation>
        </message>
        <message>
            <source>The old key stays valid for the first %1 changes it signed, so those already sent and still at a township arrive as usual.</source>
            <translation>旧密钥仍认它签过的前 %1 条更改，已发出、还在乡镇站的照常接收。</translation>
        </message>
        <message>
            <source>The request carries no handover signed by the old key: changes signed with it that have not arrived here yet will be refused.</source>
            <translation>申请里没有旧密钥签署的交接说明：用旧密钥签的、还没到本县的更改将被拒收。</translation>
        </message>
    </context>
    <context>
        <name>Evidence</name>
        <message>
            <source>Photo evidence to check (%1)</source>
            <translation>照片疑点（%1 处）</translation>
        </message>
        <message>
            <source>Photos match the record's date and village.</source>
            <translation>照片的拍摄日期和地点与记录相符。</translation>
        </message>
    </context>
    <context>
        <name>ExtensionForm</name>
        <message>
            <source>Basic information</source>
            <translation>基本信息</translation>
        </message>
        <message>
            <source>Demonstration and results</source>
            <translation>示范与成效</translation>
        </message>
        <message>
            <source>Photos and notes</source>
            <translation>照片与备注</translation>
        </message>
    </context>
    <context>
        <name>FirstRunWizard</name>
        <message>
            <source>First start</source>
            <translation>首次使用</translation>
        </message>
        <message>
            <source>&amp;Next &gt;</source>
            <translation>下一步(&amp;N) &gt;</translation>
        </message>
        <message>
            <source>&lt; &amp;Back</source>
            <translation>&lt; 上一步(&amp;B)</translation>
        </message>
        <message>
            <source>&amp;Finish</source>
            <translation>完成(&amp;F)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <source>Created</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>Edited</source>
            <translation>修改</translation>
        </message>
        <message>
            <source>Deleted</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Reviewed</source>
            <translation>审核</translation>
        </message>
        <message>
            <source>Conflict resolved</source>
            <translation>处理冲突</translation>
        </message>
        <message>
            <source>Restored</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>this computer</source>
            <translation>本机</translation>
        </message>
        <message>
            <source>History</source>
            <translation>修改历史</translation>
        </message>
        <message>
            <source>When / field</source>
            <translation>时间 / 字段</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>操作人</translation>
        </message>
        <message>
            <source>Before</source>
            <translation>修改前</translation>
        </message>
        <message>
            <source>After</source>
            <translation>修改后</translation>
        </message>
        <message>
            <source>%1 versions of this %2, oldest first. Every change is kept, including values that lost a conflict.</source>
            <translation>此%2共 %1 个版本，按时间先后排列。每次修改都会保留，包括冲突中未被采用的值。</translation>
        </message>
        <message>
            <source>another computer</source>
            <translation>其他电脑</translation>
        </message>
        <message>
            <source>(unnamed)</source>
            <translation>（未署名）</translation>
        </message>
        <message>
            <source>Computer %1, change no. %2</source>
            <translation>电脑 %1，第 %2 次修改</translation>
        </message>
    </context>
    <context>
        <name>IntroPage</name>
        <message>
            <source>Welcome</source>
            <translation>欢迎</translation>
        </message>
        <message>
            <source>This program records the work of science and technology specialists in villages: visits, technology extension and trainings. Data moves between specialists, township stations and the county team as files.</source>
            <translation>本程序记录科技特派员在村里的工作：走访服务、技术推广和培训。特派员、乡镇服务站和县服务团之间通过文件交换数据。</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>语言(&amp;L)：</translation>
        </message>
        <message>
            <source>Set up this computer for my work</source>
            <translation>为我的工作设置这台电脑</translation>
        </message>
        <message>
            <source>Just look around with demo data (nothing is saved)</source>
            <translation>先用演示数据看看（不保存任何内容）</translation>
        </message>
    </context>
    <context>
        <name>JobProgressDialog</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Dashboard</source>
            <translation>工作台</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>走访记录</translation>
        </message>
        <message>
            <source>Extension</source>
            <translation>技术推广</translation>
        </message>
        <message>
            <source>Trainings</source>
            <translation>培训</translation>
        </message>
        <message>
            <source>Villages</source>
            <translation>村庄</translation>
        </message>
        <message>
            <source>Specialists</source>
            <translation>特派员</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>审核</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>同步</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报表</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>需求与回访</translation>
        </message>
        <message>
            <source>Assessment</source>
            <translation>年度考核</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Role: %1</source>
            <translation>角色：%1</translation>
        </message>
        <message>
            <source>(no name)</source>
            <translation>（未填写姓名）</translation>
        </message>
        <message>
            <source>This computer: %1</source>
            <translation>本机：%1</translation>
        </message>
        <message>
            <source>Clock %1 days ahead</source>
            <translation>时钟超前 %1 天</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Unsent changes: %1</source>
            <translation>未发送更改：%1</translation>
        </message>
        <message>
            <source>Last import: %1</source>
            <translation>最近导入：%1</translation>
        </message>
        <message>
            <source>Last import: never</source>
            <translation>最近导入：无</translation>
        </message>
        <message>
            <source>Zhangjiakou S&amp;T Specialists</source>
            <translation>张家口科技特派员工作平台</translation>
        </message>
        <message>
            <source>Zhangjiakou S&amp;T
Specialists</source>
            <translation>张家口科技特派员
工作平台</translation>
        </message>
        <message>
            <source> — demo data (not saved)</source>
            <translation> — 演示数据（不保存）</translation>
        </message>
        <message>
            <source>Demo data</source>
            <translation>演示数据</translation>
        </message>
        <message>
            <source>Daily backup saved: %1</source>
            <translation>每日备份已保存：%1</translation>
        </message>
        <message>
            <source>Daily backup</source>
            <translation>每日备份</translation>
        </message>
        <message>
            <source>Clock %1 days behind</source>
            <translation>时钟慢了 %1 天</translation>
        </message>
        <message>
            <source>Files from other computers are dated %1 days after this computer's clock: this clock is probably behind. Correct this computer's date and time.</source>
            <translation>其他电脑发来的文件比本机时钟晚 %1 天：本机时钟可能慢了，请校正本机的日期和时间。</translation>
        </message>
        <message>
            <source>Changes saved on this computer are dated %1 days ahead of its clock (was the clock set ahead?). If the clock is right now, the next save corrects their dates; otherwise correct this computer's date and time.</source>
            <translation>本机保存的更改比电脑时钟晚 %1 天（电脑时钟曾被调快？）。如果现在的时钟是对的，下次保存时会自动更正这些更改的时间；否则请先校正本机的日期和时间。</translation>
        </message>
        <message>
            <source>Townships overdue: %1</source>
            <translation>逾期未报送的乡镇：%1</translation>
        </message>
        <message>
            <source>Last month's file has not arrived in time from: %1</source>
            <translation>上月文件未按时送达：%1</translation>
        </message>
        <message>
            <source>Opening the database…</source>
            <translation>正在打开数据库…</translation>
        </message>
        <message>
            <source>Upgrading the database to this version of the program (a backup copy is made first); with much data this takes a few minutes…</source>
            <translation>正在把数据库升级到本版程序（先自动备份一份）；数据多时需要几分钟，请稍候…</translation>
        </message>
    </context>
    <context>
        <name>ManagementStrip</name>
        <message>
            <source>… and %1 more</source>
            <translation> 等，另有 %1 人</translation>
        </message>
        <message>
            <source>Nothing received this month from: %1</source>
            <translation>本月未报送：%1</translation>
        </message>
        <message>
            <source>Every specialist has sent a file this month.</source>
            <translation>本月所有特派员均已报送。</translation>
        </message>
        <message>
            <source>Stations that have not forwarded this month: %1</source>
            <translation>本月未转报的服务站：%1</translation>
        </message>
        <message>
            <source>%1 farmers' requests overdue</source>
            <translation>超期未答复的农户需求 %1 件</translation>
        </message>
    </context>
    <context>
        <name>OrgPage</name>
        <message>
            <source>Import roster</source>
            <translation>导入名册</translation>
        </message>
        <message>
            <source>(not in the list: the county links me when it approves)</source>
            <translation>（不在名单中：由县服务团审批时关联）</translation>
        </message>
        <message>
            <source>Roster (*.zjkpkg *.xlsx *.csv)</source>
            <translation>名册 (*.zjkpkg *.xlsx *.csv)</translation>
        </message>
        <message>
            <source>The roster could not be imported: %1</source>
            <translation>名册无法导入：%1</translation>
        </message>
        <message>
            <source>… and %1 more problems</source>
            <translation>……另有 %1 个问题</translation>
        </message>
        <message>
            <source>Trust the county's key?</source>
            <translation>信任县服务团的密钥吗？</translation>
        </message>
        <message>
            <source>The roster %1 was signed by the county team %2.

Fingerprint: %3

Phone the county team and compare every digit before you trust this key.</source>
            <translation>名册 %1 由县服务团 %2 签名。

密钥指纹：%3

请先给县服务团打电话，逐位核对指纹，再信任这个密钥。</translation>
        </message>
        <message>
            <source>Trust and import</source>
            <translation>信任并导入</translation>
        </message>
        <message>
            <source>Do not trust</source>
            <translation>不信任</translation>
        </message>
        <message>
            <source>Not imported: the county's key was not trusted.</source>
            <translation>未导入：没有信任县服务团的密钥。</translation>
        </message>
        <message>
            <source>Your organisation</source>
            <translation>您的单位</translation>
        </message>
        <message>
            <source>&amp;You in the roster:</source>
            <translation>名册中的您(&amp;Y)：</translation>
        </message>
        <message>
            <source>Pick yourself from the county's roster of specialists.</source>
            <translation>请在县里的特派员名册中选择您自己。</translation>
        </message>
        <message>
            <source>&amp;Township station:</source>
            <translation>乡镇服务站(&amp;T)：</translation>
        </message>
        <message>
            <source>Pick your township service station.</source>
            <translation>请选择您所在的乡镇服务站。</translation>
        </message>
        <message>
            <source>&amp;County:</source>
            <translation>县区(&amp;C)：</translation>
        </message>
        <message>
            <source>Pick your county.</source>
            <translation>请选择您所在的县区。</translation>
        </message>
        <message>
            <source>There is no roster on this computer yet: pick your county, or import the roster file the county sent you (.zjkpkg, or a sheet .xlsx / .csv).</source>
            <translation>本机还没有名册：请选择您所在的县区，或导入县里发来的名册文件（.zjkpkg，或表格 .xlsx / .csv）。</translation>
        </message>
        <message>
            <source>Import roster file…</source>
            <translation>导入名册文件…</translation>
        </message>
    </context>
    <context>
        <name>PhotoStrip</name>
        <message>
            <source>Add photo…</source>
            <translation>添加照片…</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>查看</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>or drag photos here</source>
            <translation>或将照片拖到这里</translation>
        </message>
        <message>
            <source>Double-click to open</source>
            <translation>双击查看大图</translation>
        </message>
        <message>
            <source>(missing)</source>
            <translation>（缺失）</translation>
        </message>
        <message>
            <source>%1: the file is too large</source>
            <translation>%1：文件太大</translation>
        </message>
        <message>
            <source>%1 is not a picture</source>
            <translation>%1 不是图片文件</translation>
        </message>
        <message>
            <source>Add photos</source>
            <translation>添加照片</translation>
        </message>
        <message>
            <source>Pictures (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)</source>
            <translation>图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)</translation>
        </message>
        <message>
            <source>Photos</source>
            <translation>照片</translation>
        </message>
    </context>
    <context>
        <name>PhotoViewer</name>
        <message>
            <source>Photo</source>
            <translation>照片</translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message>
            <source>Print preview: %1</source>
            <translation>打印预览：%1</translation>
        </message>
        <message>
            <source>Print: %1</source>
            <translation>打印：%1</translation>
        </message>
    </context>
    <context>
        <name>RecordForm</name>
        <message>
            <source>“—” means no date; click to pick one, Delete clears it</source>
            <translation>“—”表示不填日期；点击可选择日期，按 Delete 键清除</translation>
        </message>
        <message>
            <source>Required</source>
            <translation>必填</translation>
        </message>
        <message>
            <source>A number; decimals allowed, e.g. 12.5</source>
            <translation>数字，可带小数，如 12.5</translation>
        </message>
        <message>
            <source>A whole number</source>
            <translation>整数</translation>
        </message>
        <message>
            <source>— choose —</source>
            <translation>— 请选择 —</translation>
        </message>
        <message>
            <source>Type a name, pinyin or initials</source>
            <translation>输入名称、拼音或首字母</translation>
        </message>
    </context>
    <context>
        <name>RecordFormDialog</name>
        <message>
            <source>Unsaved draft</source>
            <translation>未保存的草稿</translation>
        </message>
        <message>
            <source>An unsaved %1 from %2 was found. Restore it?</source>
            <translation>发现一份 %2 未保存的%1，要恢复吗？</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>放弃</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>以后再说</translation>
        </message>
        <message>
            <source>Restored from an unsaved draft of %1.</source>
            <translation>已从 %1 的未保存草稿恢复。</translation>
        </message>
        <message>
            <source>Returned for correction by %1 on %2: %3</source>
            <translation>%1 于 %2 退回修改：%3</translation>
        </message>
        <message>
            <source>This record has conflicting edits from different computers; use “Resolve conflict” in the list.</source>
            <translation>此记录在不同电脑上有冲突的修改，请在列表中点击“处理冲突”。</translation>
        </message>
        <message>
            <source>Edit: %1</source>
            <translation>编辑%1</translation>
        </message>
        <message>
            <source>New: %1</source>
            <translation>新建%1</translation>
        </message>
        <message>
            <source>Save (Ctrl+S)</source>
            <translation>保存 (Ctrl+S)</translation>
        </message>
        <message>
            <source>The record stays a draft until submitted</source>
            <translation>提交之前记录保持为草稿</translation>
        </message>
        <message>
            <source>Save and new (Ctrl+Shift+S)</source>
            <translation>保存并新建 (Ctrl+Shift+S)</translation>
        </message>
        <message>
            <source>Save, then start the next record with the same date, village and industry</source>
            <translation>保存后新建下一条记录，日期、村庄和产业保持不变</translation>
        </message>
        <message>
            <source>Save and submit</source>
            <translation>保存并提交</translation>
        </message>
        <message>
            <source>Save and send for review with the next sync</source>
            <translation>保存并在下次同步时提交审核</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Please check the notes in amber; press Save again to save anyway.</source>
            <translation>请查看黄色提示；确认无误请再次点击“保存”。</translation>
        </message>
        <message>
            <source>Nothing was saved: please correct the fields marked in red.</source>
            <translation>未保存：请修改标红的字段。</translation>
        </message>
        <message>
            <source>Save your changes to this record?</source>
            <translation>是否保存对此记录的修改？</translation>
        </message>
    </context>
    <context>
        <name>RecordListPage</name>
        <message>
            <source>Search: name, pinyin or initials (e.g. cc)</source>
            <translation>搜索：汉字、拼音或首字母（如 cc → 赤城）</translation>
        </message>
        <message>
            <source>All villages</source>
            <translation>全部村庄</translation>
        </message>
        <message>
            <source>All specialists</source>
            <translation>全部特派员</translation>
        </message>
        <message>
            <source>All dates</source>
            <translation>全部日期</translation>
        </message>
        <message>
            <source>This month</source>
            <translation>本月</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>最近 30 天</translation>
        </message>
        <message>
            <source>This year</source>
            <translation>今年</translation>
        </message>
        <message>
            <source>Date range…</source>
            <translation>日期范围…</translation>
        </message>
        <message>
            <source>All industries</source>
            <translation>全部产业</translation>
        </message>
        <message>
            <source>All review states</source>
            <translation>全部审核状态</translation>
        </message>
        <message>
            <source>Clear filters</source>
            <translation>清除筛选</translation>
        </message>
        <message>
            <source>New</source>
            <translation>新建</translation>
        </message>
        <message>
            <source>New record (Ctrl+N)</source>
            <translation>新建记录（Ctrl+N）</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>History</source>
            <translation>修改历史</translation>
        </message>
        <message>
            <source>Resolve conflict</source>
            <translation>处理冲突</translation>
        </message>
        <message>
            <source>Print…</source>
            <translation>打印…</translation>
        </message>
        <message>
            <source>Print the rows shown (Ctrl+P)</source>
            <translation>打印当前显示的记录（Ctrl+P）</translation>
        </message>
        <message>
            <source>Print preview…</source>
            <translation>打印预览…</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Save the rows shown to Excel (.xlsx) or CSV</source>
            <translation>将当前显示的记录保存为 Excel (.xlsx) 或 CSV</translation>
        </message>
        <message>
            <source>From</source>
            <translation>起始日期</translation>
        </message>
        <message>
            <source>To</source>
            <translation>截止日期</translation>
        </message>
        <message>
            <source>%1 records</source>
            <translation>共 %1 条</translation>
        </message>
        <message>
            <source>Delete %1 record(s)? The deletion is kept in the history and sent with the next sync.</source>
            <translation>删除 %1 条记录？删除操作会保留在修改历史中，并在下次同步时发送。</translation>
        </message>
        <message>
            <source>first %1 of %2 rows</source>
            <translation>共 %2 行中的前 %1 行</translation>
        </message>
        <message>
            <source>printed %1</source>
            <translation>打印于 %1</translation>
        </message>
        <message>
            <source>Export rows</source>
            <translation>导出记录</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
            <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
        </message>
        <message>
            <source>%1 rows saved to %2</source>
            <translation>已将 %1 行保存到 %2</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>正在导出…</translation>
        </message>
    </context>
    <context>
        <name>ReportsPage</name>
        <message>
            <source>Specialist work log</source>
            <translation>特派员工作台账</translation>
        </message>
        <message>
            <source>Township station summary</source>
            <translation>乡镇服务站汇总表</translation>
        </message>
        <message>
            <source>County work report</source>
            <translation>县级科技特派员工作报告</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>报表</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>报表</translation>
        </message>
        <message>
            <source>&amp;Report:</source>
            <translation>报表(&amp;R)：</translation>
        </message>
        <message>
            <source>&amp;For:</source>
            <translation>对象(&amp;F)：</translation>
        </message>
        <message>
            <source>&amp;Period:</source>
            <translation>时段(&amp;P)：</translation>
        </message>
        <message>
            <source>Dates:</source>
            <translation>日期：</translation>
        </message>
        <message>
            <source>Also save the tables as Excel (.xlsx)</source>
            <translation>同时把表格保存为 Excel (.xlsx)</translation>
        </message>
        <message>
            <source>Open the PDF when it is ready</source>
            <translation>生成后打开 PDF</translation>
        </message>
        <message>
            <source>Generate…</source>
            <translation>生成…</translation>
        </message>
        <message>
            <source>Open PDF</source>
            <translation>打开 PDF</translation>
        </message>
        <message>
            <source>Open folder</source>
            <translation>打开文件夹</translation>
        </message>
        <message>
            <source>Print preview…</source>
            <translation>打印预览…</translation>
        </message>
        <message>
            <source>Print…</source>
            <translation>打印…</translation>
        </message>
        <message>
            <source>Print the report just made, to sign and stamp</source>
            <translation>打印刚生成的报表，签字盖章</translation>
        </message>
        <message>
            <source>Generated reports</source>
            <translation>已生成的报表</translation>
        </message>
        <message>
            <source>Reports made in this session are listed here.</source>
            <translation>本次生成的报表列在这里。</translation>
        </message>
        <message>
            <source>This month</source>
            <translation>本月</translation>
        </message>
        <message>
            <source>Last month</source>
            <translation>上月</translation>
        </message>
        <message>
            <source>This quarter</source>
            <translation>本季度</translation>
        </message>
        <message>
            <source>This year</source>
            <translation>本年</translation>
        </message>
        <message>
            <source>Last year</source>
            <translation>上一年</translation>
        </message>
        <message>
            <source>Other dates</source>
            <translation>自定日期</translation>
        </message>
        <message>
            <source>Whole city (all counties)</source>
            <translation>全市（所有县区）</translation>
        </message>
        <message>
            <source>Save report</source>
            <translation>保存报表</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF 文件 (*.pdf)</translation>
        </message>
        <message>
            <source>Generating report…</source>
            <translation>正在生成报表…</translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>失败：%1</translation>
        </message>
        <message>
            <source>%1: %2 pages, font %3%4</source>
            <translation>%1：共 %2 页，字体 %3%4</translation>
        </message>
        <message>
            <source> (not embedded)</source>
            <translation>（未嵌入）</translation>
        </message>
        <message>
            <source>Excel: %1</source>
            <translation>Excel：%1</translation>
        </message>
        <message>
            <source>Reporting timeliness (files received on time)</source>
            <translation>报送及时性（按时收到的工作文件）</translation>
        </message>
    </context>
    <context>
        <name>RequestsPage</name>
        <message>
            <source>Farmers' requests and callbacks</source>
            <translation>农户需求与满意度回访</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>需求台账</translation>
        </message>
        <message>
            <source>Satisfaction callbacks</source>
            <translation>满意度回访</translation>
        </message>
        <message>
            <source>All states</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>Overdue only</source>
            <translation>只看超期</translation>
        </message>
        <message>
            <source>Search problem, requester, village, specialist…</source>
            <translation>搜索需求内容、提出人、村、特派员…</translation>
        </message>
        <message>
            <source>Search household, specialist, village…</source>
            <translation>搜索农户、特派员、村…</translation>
        </message>
        <message>
            <source>New request…</source>
            <translation>登记需求…</translation>
        </message>
        <message>
            <source>Assign…</source>
            <translation>分派…</translation>
        </message>
        <message>
            <source>Answer…</source>
            <translation>答复…</translation>
        </message>
        <message>
            <source>Close…</source>
            <translation>办结…</translation>
        </message>
        <message>
            <source>New callback…</source>
            <translation>登记回访…</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村</translation>
        </message>
        <message>
            <source>Industry</source>
            <translation>产业</translation>
        </message>
        <message>
            <source>Requester</source>
            <translation>提出人</translation>
        </message>
        <message>
            <source>Specialist</source>
            <translation>特派员</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>天数</translation>
        </message>
        <message>
            <source>Problem</source>
            <translation>需求内容</translation>
        </message>
        <message>
            <source>Household</source>
            <translation>农户</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>满意度</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>意见</translation>
        </message>
        <message>
            <source>Overdue: open for %1 days</source>
            <translation>超期：已 %1 天未答复</translation>
        </message>
        <message>
            <source>%1 requests, %2 overdue</source>
            <translation>共 %1 件，超期 %2 件</translation>
        </message>
        <message>
            <source>%1 callbacks, %2% satisfied</source>
            <translation>回访 %1 户，满意率 %2%</translation>
        </message>
        <message>
            <source>Select a request to see it here.</source>
            <translation>在左侧列表中选择一条需求查看详情。</translation>
        </message>
        <message>
            <source>Answered in %1 days</source>
            <translation>%1 天内答复</translation>
        </message>
        <message>
            <source>New farmer's request</source>
            <translation>登记农户需求</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>联系电话</translation>
        </message>
        <message>
            <source>Assign request</source>
            <translation>分派需求</translation>
        </message>
        <message>
            <source>Answer request</source>
            <translation>答复需求</translation>
        </message>
        <message>
            <source>(no visit)</source>
            <translation>（无对应走访）</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>答复内容</translation>
        </message>
        <message>
            <source>Visit that answered it</source>
            <translation>对应走访记录</translation>
        </message>
        <message>
            <source>Close request</source>
            <translation>办结需求</translation>
        </message>
        <message>
            <source>Closing comment</source>
            <translation>办结意见</translation>
        </message>
        <message>
            <source>New satisfaction callback</source>
            <translation>登记满意度回访</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>回访的记录</translation>
        </message>
    </context>
    <context>
        <name>ReviewPage</name>
        <message>
            <source>Review</source>
            <translation>审核</translation>
        </message>
        <message>
            <source>Search: Chinese, pinyin or initials</source>
            <translation>搜索：汉字、拼音或首字母</translation>
        </message>
        <message>
            <source>Comment (required when returning):</source>
            <translation>审核意见（退回时必填）：</translation>
        </message>
        <message>
            <source>e.g. please add the number of households served</source>
            <translation>例如：请补充服务户数</translation>
        </message>
        <message>
            <source>Approve selected</source>
            <translation>审核通过所选</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Take back the review just done</source>
            <translation>撤销刚才的审核</translation>
        </message>
        <message>
            <source>Return with comment</source>
            <translation>退回修改</translation>
        </message>
        <message>
            <source>Open record</source>
            <translation>打开记录</translation>
        </message>
        <message>
            <source>All kinds</source>
            <translation>全部类别</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村庄</translation>
        </message>
        <message>
            <source>Specialist</source>
            <translation>特派员</translation>
        </message>
        <message>
            <source>Industry</source>
            <translation>产业</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>%1 records</source>
            <translation>共 %1 条</translation>
        </message>
        <message>
            <source>%1 records selected</source>
            <translation>已选择 %1 条记录</translation>
        </message>
        <message>
            <source>Select records in the list to review them.</source>
            <translation>请在左侧列表中选择要审核的记录。</translation>
        </message>
        <message>
            <source>Details of one record show here; Ctrl+click selects several.</source>
            <translation>选中一条记录即在此显示详情；按住 Ctrl 点击可多选。</translation>
        </message>
        <message>
            <source>%1 photo(s) attached</source>
            <translation>附照片 %1 张</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>审核通过</translation>
        </message>
        <message>
            <source>Approve %1 records?</source>
            <translation>审核通过这 %1 条记录吗？</translation>
        </message>
        <message>
            <source>%1 record(s) approved.</source>
            <translation>已审核通过 %1 条记录。</translation>
        </message>
        <message>
            <source>Undone: %1 record(s) are back as they were.</source>
            <translation>已撤销：%1 条记录已恢复原状。</translation>
        </message>
        <message>
            <source>Write a comment saying what to correct before returning.</source>
            <translation>退回前请填写需要修改的内容。</translation>
        </message>
        <message>
            <source>%1 record(s) returned; the specialist sees your comment after the next sync.</source>
            <translation>已退回 %1 条记录；下次同步后特派员可看到您的意见。</translation>
        </message>
    </context>
    <context>
        <name>RevokeDialog</name>
        <message>
            <source>Revoke key</source>
            <translation>吊销密钥</translation>
        </message>
        <message>
            <source>Revoke this computer's key if the laptop was lost or stolen. Files it signs from now on are refused everywhere once the offices have the new roster; the person enrols a replacement computer anew.</source>
            <translation>电脑丢失或被盗时吊销它的密钥。各单位导入新的花名册后，这台电脑此后签名的文件一律拒收；本人用新电脑重新登记。</translation>
        </message>
        <message>
            <source>Computer:</source>
            <translation>电脑：</translation>
        </message>
        <message>
            <source>Fingerprint:</source>
            <translation>指纹：</translation>
        </message>
        <message>
            <source>Changes to &amp;keep:</source>
            <translation>保留的更改（&amp;K）：</translation>
        </message>
        <message>
            <source>Revoke</source>
            <translation>吊销</translation>
        </message>
        <message>
            <source>Keep the %1 changes this computer already sent; anything its key signs after them is refused.</source>
            <translation>保留该电脑已发出的 %1 条更改；此后这把密钥签的更改一律拒收。</translation>
        </message>
        <message>
            <source>Keep none of this computer's changes: anything its key signed is refused.</source>
            <translation>不保留该电脑的任何更改：这把密钥签的更改一律拒收。</translation>
        </message>
        <message>
            <source>This county holds its first %1 changes. If a township station reports that it holds more (its sync page shows how many), enter that number so they still arrive.</source>
            <translation>本县已收到它的前 %1 条更改。乡镇服务站报告收着更多时（其同步页“其他电脑”中“本机已收到”一栏），请填入该数字，这些更改仍可照常转来。</translation>
        </message>
    </context>
    <context>
        <name>RolePage</name>
        <message>
            <source>Your role</source>
            <translation>您的角色</translation>
        </message>
        <message>
            <source>Specialists record their own work; township stations review it and report upward; the county team keeps the roster of villages and specialists.</source>
            <translation>特派员录入自己的工作；乡镇服务站审核并向上汇总；县服务团维护村庄和特派员名册。</translation>
        </message>
        <message>
            <source>Your &amp;name:</source>
            <translation>您的姓名(&amp;N)：</translation>
        </message>
        <message>
            <source>e.g. Wang Jianguo</source>
            <translation>例如：王建国</translation>
        </message>
    </context>
    <context>
        <name>RosterEditDialog</name>
        <message>
            <source>Edit: %1</source>
            <translation>编辑%1</translation>
        </message>
        <message>
            <source>New: %1</source>
            <translation>新建%1</translation>
        </message>
        <message>
            <source>Nothing was saved: please correct the marked fields.</source>
            <translation>未保存：请修改标出的字段。</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>&amp;Language of the program:</source>
            <translation>程序界面语言(&amp;L)：</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>本机</translation>
        </message>
        <message>
            <source>Role:</source>
            <translation>角色：</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>姓名(&amp;N)：</translation>
        </message>
        <message>
            <source>Save name and organisation</source>
            <translation>保存姓名和单位</translation>
        </message>
        <message>
            <source>Key fingerprint:</source>
            <translation>密钥指纹：</translation>
        </message>
        <message>
            <source>Save enrolment request…</source>
            <translation>保存登记申请…</translation>
        </message>
        <message>
            <source>Back up keys…</source>
            <translation>备份密钥…</translation>
        </message>
        <message>
            <source>Restore key backup…</source>
            <translation>恢复密钥备份…</translation>
        </message>
        <message>
            <source>New key…</source>
            <translation>更换密钥…</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Database:</source>
            <translation>数据库：</translation>
        </message>
        <message>
            <source>Move data to another folder…</source>
            <translation>把数据移到其他文件夹…</translation>
        </message>
        <message>
            <source>Demo data is a temporary copy and is deleted when the program closes.</source>
            <translation>演示数据是临时副本，程序关闭时删除。</translation>
        </message>
        <message>
            <source>Font for PDF reports</source>
            <translation>PDF 报表字体</translation>
        </message>
        <message>
            <source>Font:</source>
            <translation>字体：</translation>
        </message>
        <message>
            <source>Choose font file…</source>
            <translation>选择字体文件…</translation>
        </message>
        <message>
            <source>Automatic</source>
            <translation>自动选择</translation>
        </message>
        <message>
            <source>Backup</source>
            <translation>备份</translation>
        </message>
        <message>
            <source>Back up the database automatically every day (kept for 30 days)</source>
            <translation>每天自动备份数据库（保留 30 天）</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>大小</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>立即备份</translation>
        </message>
        <message>
            <source>Restore selected backup…</source>
            <translation>从选中的备份恢复…</translation>
        </message>
        <message>
            <source>Restore from file…</source>
            <translation>从文件恢复…</translation>
        </message>
        <message>
            <source>&amp;You in the roster:</source>
            <translation>名册中的您(&amp;Y)：</translation>
        </message>
        <message>
            <source>&amp;Township station:</source>
            <translation>乡镇服务站(&amp;T)：</translation>
        </message>
        <message>
            <source>&amp;County:</source>
            <translation>县区(&amp;C)：</translation>
        </message>
        <message>
            <source>(not linked yet)</source>
            <translation>（尚未关联）</translation>
        </message>
        <message>
            <source>The keys are in %1, beside the database: back them up, and keep them with the database when you move it.</source>
            <translation>密钥保存在数据库旁边的 %1：请备份密钥；移动数据库时要连同密钥一起移动。</translation>
        </message>
        <message>
            <source>(in memory)</source>
            <translation>（内存数据库）</translation>
        </message>
        <message>
            <source>Automatic: %1</source>
            <translation>自动：%1</translation>
        </message>
        <message>
            <source>Demo data is not backed up.</source>
            <translation>演示数据不做备份。</translation>
        </message>
        <message>
            <source>Backups are kept in %1</source>
            <translation>备份保存在 %1</translation>
        </message>
        <message>
            <source>%1 (not embedded)</source>
            <translation>%1（未嵌入）</translation>
        </message>
        <message>
            <source>Saved: this computer is used by %1.</source>
            <translation>已保存：本机使用者为 %1。</translation>
        </message>
        <message>
            <source>Save enrolment request</source>
            <translation>保存登记申请</translation>
        </message>
        <message>
            <source>Enrolment request (*.zjkpkg)</source>
            <translation>登记申请 (*.zjkpkg)</translation>
        </message>
        <message>
            <source>Enrolment request saved: %1. Send it to the county team and read out the fingerprint on the phone.</source>
            <translation>登记申请已保存：%1。请发给县服务团，并在电话中念出指纹。</translation>
        </message>
        <message>
            <source>Back up keys</source>
            <translation>备份密钥</translation>
        </message>
        <message>
            <source>Key backups (*.age)</source>
            <translation>密钥备份 (*.age)</translation>
        </message>
        <message>
            <source>Passphrase for the backup:</source>
            <translation>备份密码：</translation>
        </message>
        <message>
            <source>The same passphrase again:</source>
            <translation>再输入一次密码：</translation>
        </message>
        <message>
            <source>The two passphrases differ; nothing was saved.</source>
            <translation>两次输入的密码不一致，未保存。</translation>
        </message>
        <message>
            <source>Keys backed up to %1. Keep it apart from the database backup and remember the passphrase.</source>
            <translation>密钥已备份到 %1。请与数据库备份分开保管，并记住密码。</translation>
        </message>
        <message>
            <source>Restore key backup</source>
            <translation>恢复密钥备份</translation>
        </message>
        <message>
            <source>Passphrase of the backup:</source>
            <translation>备份的密码：</translation>
        </message>
        <message>
            <source>Keys restored (fingerprint %1).</source>
            <translation>密钥已恢复（指纹 %1）。</translation>
        </message>
        <message>
            <source>New key</source>
            <translation>更换密钥</translation>
        </message>
        <message>
            <source>Make a new key for this computer? Use this only if the key was lost or may be known to someone else. Until the county team approves the new key, other offices refuse files from this computer. Next you save the enrolment request for the county.</source>
            <translation>为本机生成新密钥吗？只有密钥丢失或可能被他人知道时才需要这样做。县服务团批准新密钥之前，其他单位不接收本机的文件。接下来请保存登记申请交给县服务团。</translation>
        </message>
        <message>
            <source>Data folder</source>
            <translation>数据文件夹</translation>
        </message>
        <message>
            <source>%1 already holds a database. Use that database from the next start?</source>
            <translation>%1 中已有数据库。下次启动时使用那个数据库吗？</translation>
        </message>
        <message>
            <source>From the next start the program uses %1. The old file stays where it was.</source>
            <translation>下次启动时程序将使用 %1。原来的文件保留不动。</translation>
        </message>
        <message>
            <source>TrueType fonts (*.ttf *.ttc)</source>
            <translation>TrueType 字体 (*.ttf *.ttc)</translation>
        </message>
        <message>
            <source>Backup saved: %1</source>
            <translation>备份已保存：%1</translation>
        </message>
        <message>
            <source>Backing up…</source>
            <translation>正在备份…</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Select a backup in the list.</source>
            <translation>请在列表中选择一个备份。</translation>
        </message>
        <message>
            <source>Database backups (*.sqlite3)</source>
            <translation>数据库备份 (*.sqlite3)</translation>
        </message>
        <message>
            <source>Replace all data on this computer by the backup %1?

The current data is first saved beside the database, so this can be undone.</source>
            <translation>用备份 %1 替换本机的全部数据吗？

当前数据会先另存在数据库旁边，可以撤销。</translation>
        </message>
        <message>
            <source>Restored %1. The data before the restore was saved as %2.</source>
            <translation>已从 %1 恢复。恢复前的数据已另存为 %2。</translation>
        </message>
    </context>
    <context>
        <name>SpecialistsPage</name>
        <message>
            <source>Specialists</source>
            <translation>特派员</translation>
        </message>
        <message>
            <source>Search specialists: name, pinyin, initials, employer</source>
            <translation>搜索特派员：姓名、拼音、首字母、派出单位</translation>
        </message>
        <message>
            <source>Add specialist…</source>
            <translation>添加特派员…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Assign village…</source>
            <translation>派驻到村…</translation>
        </message>
        <message>
            <source>End assignment</source>
            <translation>结束派驻</translation>
        </message>
        <message>
            <source>Villages of the selected specialist:</source>
            <translation>所选特派员派驻的村：</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Gender</source>
            <translation>性别</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>电话</translation>
        </message>
        <message>
            <source>Employer</source>
            <translation>派出单位</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>职称</translation>
        </message>
        <message>
            <source>Industries</source>
            <translation>服务产业</translation>
        </message>
        <message>
            <source>Station</source>
            <translation>所属服务站</translation>
        </message>
        <message>
            <source>Villages</source>
            <translation>村庄</translation>
        </message>
        <message>
            <source>Records this year</source>
            <translation>今年记录数</translation>
        </message>
        <message>
            <source>now</source>
            <translation>至今</translation>
        </message>
        <message>
            <source>No villages assigned to this specialist yet</source>
            <translation>该特派员尚未派驻到村</translation>
        </message>
        <message>
            <source>Select a specialist to see the assigned villages</source>
            <translation>选择特派员后显示其派驻村</translation>
        </message>
        <message>
            <source>Type a name, pinyin or initials</source>
            <translation>输入名称、拼音或首字母</translation>
        </message>
        <message>
            <source>End this assignment today? Past records stay as they are.</source>
            <translation>今天结束此派驻关系？已有记录不受影响。</translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message>
            <source>Sync</source>
            <translation>同步</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>本机</translation>
        </message>
        <message>
            <source>Used by:</source>
            <translation>使用人：</translation>
        </message>
        <message>
            <source>Key fingerprint:</source>
            <translation>密钥指纹：</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>发送</translation>
        </message>
        <message>
            <source>&amp;Send to:</source>
            <translation>发送给(&amp;S)：</translation>
        </message>
        <message>
            <source>Everything (full export)</source>
            <translation>全部数据（完整导出）</translation>
        </message>
        <message>
            <source>Everything (full export), not only what is new</source>
            <translation>全部数据（完整导出），而不只是新内容</translation>
        </message>
        <message>
            <source>Export file for sending…</source>
            <translation>导出待发送文件…</translation>
        </message>
        <message>
            <source>Export roster for the county's computers…</source>
            <translation>导出名册（发给全县各电脑）…</translation>
        </message>
        <message>
            <source>Receive</source>
            <translation>接收</translation>
        </message>
        <message>
            <source>Import files…</source>
            <translation>导入文件…</translation>
        </message>
        <message>
            <source>Check a file without importing…</source>
            <translation>只检查文件，不导入…</translation>
        </message>
        <message>
            <source>You can also drag .zjkpkg files onto the window.</source>
            <translation>也可以把 .zjkpkg 文件拖到窗口上导入。</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>What was imported or exported is shown here.</source>
            <translation>导入、导出的结果显示在这里。</translation>
        </message>
        <message>
            <source>Open containing folder</source>
            <translation>打开所在文件夹</translation>
        </message>
        <message>
            <source>Show the file just written, e.g. to drag it into WeChat or onto a USB stick</source>
            <translation>显示刚写好的文件，可拖到微信或 U 盘</translation>
        </message>
        <message>
            <source>Other computers</source>
            <translation>其他电脑</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Last file</source>
            <translation>最近文件</translation>
        </message>
        <message>
            <source>Not yet received</source>
            <translation>对方未收到</translation>
        </message>
        <message>
            <source>Fingerprint</source>
            <translation>指纹</translation>
        </message>
        <message>
            <source>Write receipt for the selected computer…</source>
            <translation>为选中的电脑生成回执…</translation>
        </message>
        <message>
            <source>Files imported and exported</source>
            <translation>导入导出记录</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>Direction</source>
            <translation>方向</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Computer</source>
            <translation>电脑</translation>
        </message>
        <message>
            <source>another computer</source>
            <translation>其他电脑</translation>
        </message>
        <message>
            <source>changes</source>
            <translation>增量</translation>
        </message>
        <message>
            <source>full</source>
            <translation>完整</translation>
        </message>
        <message>
            <source>roster</source>
            <translation>名册</translation>
        </message>
        <message>
            <source>receipt</source>
            <translation>回执</translation>
        </message>
        <message>
            <source>(no name)</source>
            <translation>（未填写姓名）</translation>
        </message>
        <message>
            <source>(no key yet)</source>
            <translation>（尚未生成密钥）</translation>
        </message>
        <message>
            <source>Township station</source>
            <translation>乡镇服务站</translation>
        </message>
        <message>
            <source>County team</source>
            <translation>县服务团</translation>
        </message>
        <message>
            <source>Computer: %1 (%2)</source>
            <translation>电脑：%1（%2）</translation>
        </message>
        <message>
            <source>No computer to send to yet: changes can be sent to a computer once one of its files has been imported here.</source>
            <translation>还没有可发送的对象：导入过某台电脑的文件后，才能向它发送更改。</translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未</translation>
        </message>
        <message>
            <source>refused: %1</source>
            <translation>被拒绝：%1</translation>
        </message>
        <message>
            <source>%1 new, %2 updated</source>
            <translation>新增 %1，更新 %2</translation>
        </message>
        <message>
            <source>%1 changes</source>
            <translation>%1 条更改</translation>
        </message>
        <message>
            <source>imported</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>exported</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>every computer</source>
            <translation>所有电脑</translation>
        </message>
        <message>
            <source>the sender is not trusted yet</source>
            <translation>发送方尚未受信任</translation>
        </message>
        <message>
            <source>it is not a sync file, or it is damaged (e.g. not copied completely)</source>
            <translation>不是同步文件，或文件已损坏（例如没有完整拷贝）</translation>
        </message>
        <message>
            <source>it is damaged or not a sync file of this program</source>
            <translation>文件已损坏，或不是本程序的同步文件</translation>
        </message>
        <message>
            <source>the file cannot be read (is the USB stick still in?)</source>
            <translation>无法读取文件（U 盘还插着吗？）</translation>
        </message>
        <message>
            <source>%1: refused — %2</source>
            <translation>%1：拒收 — %2</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>%1: receipt from %2 — they have received your files</source>
            <translation>%1：%2 的回执 — 对方已收到您的文件</translation>
        </message>
        <message>
            <source>%1: from %2 — %3 new, %4 updated, %5 unchanged</source>
            <translation>%1：来自 %2 — 新增 %3，更新 %4，未变 %5</translation>
        </message>
        <message>
            <source>, %1 conflict(s) to resolve</source>
            <translation>，%1 处冲突待处理</translation>
        </message>
        <message>
            <source>, %1 change(s) refused</source>
            <translation>，拒收 %1 项更改</translation>
        </message>
        <message>
            <source>Resolve conflicts (%1)…</source>
            <translation>处理冲突（%1）…</translation>
        </message>
        <message>
            <source>receipt for %1</source>
            <translation>给%1的回执</translation>
        </message>
        <message>
            <source>to township</source>
            <translation>发乡镇</translation>
        </message>
        <message>
            <source>to county</source>
            <translation>发县里</translation>
        </message>
        <message>
            <source>to %1</source>
            <translation>发%1</translation>
        </message>
        <message>
            <source>changes for sending</source>
            <translation>更改</translation>
        </message>
        <message>
            <source>Save sync file</source>
            <translation>保存同步文件</translation>
        </message>
        <message>
            <source>Sync files (*.zjkpkg)</source>
            <translation>同步文件 (*.zjkpkg)</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>正在导出…</translation>
        </message>
        <message>
            <source>Exporting roster…</source>
            <translation>正在导出名册…</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>回执</translation>
        </message>
        <message>
            <source>Select the computer the receipt is for.</source>
            <translation>请先选择回执的接收电脑。</translation>
        </message>
        <message>
            <source>Writing receipt…</source>
            <translation>正在生成回执…</translation>
        </message>
        <message>
            <source>Export cancelled; no file was written.</source>
            <translation>已取消导出，没有写出文件。</translation>
        </message>
        <message>
            <source>Export failed: %1</source>
            <translation>导出失败：%1</translation>
        </message>
        <message>
            <source>Written: %1 (%2 changes, %3 photos)</source>
            <translation>已写出：%1（%2 项更改，%3 张照片）</translation>
        </message>
        <message>
            <source>Sync files (*.zjkpkg);;All files (*)</source>
            <translation>同步文件 (*.zjkpkg);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Import sync files</source>
            <translation>导入同步文件</translation>
        </message>
        <message>
            <source>Check a sync file</source>
            <translation>检查同步文件</translation>
        </message>
        <message>
            <source>Checked, nothing imported:</source>
            <translation>已检查，未导入任何内容：</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在检查…</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>正在导入…</translation>
        </message>
        <message>
            <source>Import cancelled; nothing was changed.</source>
            <translation>已取消导入，数据未改动。</translation>
        </message>
        <message>
            <source>Import failed: %1</source>
            <translation>导入失败：%1</translation>
        </message>
        <message>
            <source>Unknown sender</source>
            <translation>未知的发送方</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>The file %1 comes from %2, a computer not known here yet.</source>
            <translation>文件 %1 来自 %2，本机尚不认识这台电脑。</translation>
        </message>
        <message>
            <source>Fingerprint: %1

Trust it only after the sender has read you the same fingerprint (e.g. by phone); their Sync page shows it.</source>
            <translation>指纹：%1

请先与对方（如打电话）核对指纹一致后再信任；对方在“同步”页面可以看到自己的指纹。</translation>
        </message>
        <message>
            <source>Trust and import</source>
            <translation>信任并导入</translation>
        </message>
        <message>
            <source>Do not trust</source>
            <translation>不信任</translation>
        </message>
        <message>
            <source>%1 was not imported: its sender is not trusted.</source>
            <translation>%1 未导入：发送方未受信任。</translation>
        </message>
        <message>
            <source>Revoke key…</source>
            <translation>吊销密钥…</translation>
        </message>
        <message>
            <source>A lost or stolen laptop: revoke its key, keeping the changes it already sent</source>
            <translation>电脑丢失或被盗：吊销它的密钥，保留它已发出的更改</translation>
        </message>
        <message>
            <source> (revoked)</source>
            <translation>（已吊销）</translation>
        </message>
        <message>
            <source>Revoke key</source>
            <translation>吊销密钥</translation>
        </message>
        <message>
            <source>Select the computer whose key is to be revoked.</source>
            <translation>请先选择要吊销密钥的电脑。</translation>
        </message>
        <message>
            <source>This computer has no key in the county's keyring.</source>
            <translation>县里的密钥列表中没有这台电脑的密钥。</translation>
        </message>
        <message>
            <source>Revoked the key of %1, keeping the %2 changes it already sent. Export the roster and send it to every office.</source>
            <translation>已吊销 %1 的密钥，保留它已发出的 %2 条更改。请导出花名册发给各单位。</translation>
        </message>
        <message>
            <source>Revoked the key of %1, keeping none of its changes. Export the roster and send it to every office.</source>
            <translation>已吊销 %1 的密钥，不保留它的任何更改。请导出花名册发给各单位。</translation>
        </message>
        <message>
            <source>This computer holds that computer's changes up to number %1 (a township reports this number when the county revokes a lost laptop)</source>
            <translation>本机收到了那台电脑第 %1 条及以前的更改（县里吊销丢失电脑的密钥时，乡镇站报这个数）</translation>
        </message>
        <message>
            <source>Received here</source>
            <translation>本机已收到</translation>
        </message>
        <message>
            <source>demo: a file received (simulated)</source>
            <translation>演示数据：模拟收到的工作文件</translation>
        </message>
    </context>
    <context>
        <name>TaskRunner</name>
        <message>
            <source>This folder or file cannot be written; choose another place.</source>
            <translation>此文件夹或文件不能写入，请另选位置。</translation>
        </message>
        <message>
            <source>The file or folder was not found.</source>
            <translation>找不到该文件或文件夹。</translation>
        </message>
        <message>
            <source>The disk is full; free some space or choose another place.</source>
            <translation>磁盘已满，请清理空间或另选位置。</translation>
        </message>
        <message>
            <source>The file could not be read or written.</source>
            <translation>无法读取或写入该文件。</translation>
        </message>
        <message>
            <source>Something went wrong; the details are in the log file.</source>
            <translation>操作未能完成，详细情况已记入日志文件。</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>错误</translation>
        </message>
    </context>
    <context>
        <name>TrainingForm</name>
        <message>
            <source>Basic information</source>
            <translation>基本信息</translation>
        </message>
        <message>
            <source>Attendance</source>
            <translation>参训情况</translation>
        </message>
        <message>
            <source>Photos and notes</source>
            <translation>照片与备注</translation>
        </message>
    </context>
    <context>
        <name>VillagesPage</name>
        <message>
            <source>Villages</source>
            <translation>村庄</translation>
        </message>
        <message>
            <source>Search villages: Chinese, pinyin or initials</source>
            <translation>搜索村庄：汉字、拼音或首字母</translation>
        </message>
        <message>
            <source>All villages</source>
            <translation>全部村庄</translation>
        </message>
        <message>
            <source>No visit in %1 days</source>
            <translation>%1 天内未走访</translation>
        </message>
        <message>
            <source>Poor villages only</source>
            <translation>只看贫困村</translation>
        </message>
        <message>
            <source>Add village…</source>
            <translation>添加村庄…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Show visits</source>
            <translation>查看走访记录</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>村庄</translation>
        </message>
        <message>
            <source>Township</source>
            <translation>乡镇</translation>
        </message>
        <message>
            <source>Division code</source>
            <translation>区划代码</translation>
        </message>
        <message>
            <source>Poor village</source>
            <translation>贫困村</translation>
        </message>
        <message>
            <source>Exit year</source>
            <translation>出列年份</translation>
        </message>
        <message>
            <source>Households</source>
            <translation>户数</translation>
        </message>
        <message>
            <source>Population</source>
            <translation>人口</translation>
        </message>
        <message>
            <source>Specialists</source>
            <translation>特派员</translation>
        </message>
        <message>
            <source>Last visit</source>
            <translation>最近走访</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>走访次数</translation>
        </message>
    </context>
    <context>
        <name>VisitForm</name>
        <message>
            <source>Basic information</source>
            <translation>基本信息</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>服务情况</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>后续跟进</translation>
        </message>
        <message>
            <source>Photos and notes</source>
            <translation>照片与备注</translation>
        </message>
    </context>
    <context>
        <name>_FieldChoice</name>
        <message>
            <source>Saved by %2, %1</source>
            <translation>%2 于 %1 保存</translation>
        </message>
        <message>
            <source>Value saved %1</source>
            <translation>%1 保存的值</translation>
        </message>
        <message>
            <source>(shown now)</source>
            <translation>（当前显示）</translation>
        </message>
        <message>
            <source>Another value:</source>
            <translation>其他值：</translation>
        </message>
    </context>
    <context>
        <name>_RosterPage</name>
        <message>
            <source>%1 shown</source>
            <translation>显示 %1 个</translation>
        </message>
    </context>
</TS>
