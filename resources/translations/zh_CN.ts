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
            <source>Extension records this month</source>
            <translation>本月技术推广</translation>
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
            <source>Changes not yet received upstream</source>
            <translation>上级尚未收到的更改</translation>
        </message>
        <message>
            <source>%1 days (%2)</source>
            <translation>%1 天（%2）</translation>
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
            <source>Node: %1 · %2</source>
            <translation>节点：%1 · %2</translation>
        </message>
        <message>
            <source>Unsent changes: %1</source>
            <translation>未发送更改：%1</translation>
        </message>
        <message>
            <source>Unsent changes: ?</source>
            <translation>未发送更改：?</translation>
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
    </context>
    <context>
        <name>RecordListPage</name>
        <message>
            <source>Search: Chinese, pinyin or initials (e.g. cc → 赤城)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All villages</source>
            <translation>全部村庄</translation>
        </message>
        <message>
            <source>All specialists</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All dates</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This month</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last 30 days</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This year</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Date range…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All industries</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All review states</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Clear filters</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New record (Ctrl+N)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>History</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Resolve conflict</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save the rows shown to Excel (.xlsx) or CSV</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>From</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>To</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 records</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete %1 record(s)? The deletion is kept in the history and sent with the next sync.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export rows</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 rows saved to %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exporting…</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>TaskRunner</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>错误</translation>
        </message>
    </context>
</TS>
