<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>App</name>
        <message>
            <source>Cannot start</source>
            <translation>Cannot start</translation>
        </message>
    </context>
    <context>
        <name>Crash</name>
        <message>
            <source>Unexpected error</source>
            <translation>Unexpected error</translation>
        </message>
        <message>
            <source>An unexpected error occurred. Your saved data is safe.</source>
            <translation>An unexpected error occurred. Your saved data is safe.</translation>
        </message>
        <message>
            <source>Please send the log file to your support contact:
%1</source>
            <translation>Please send the log file to your support contact:
%1</translation>
        </message>
        <message>
            <source>The program closed unexpectedly last time</source>
            <translation>The program closed unexpectedly last time</translation>
        </message>
        <message>
            <source>The program stopped unexpectedly last time. The report was saved to the log folder:</source>
            <translation>The program stopped unexpectedly last time. The report was saved to the log folder:</translation>
        </message>
    </context>
    <context>
        <name>DashboardPage</name>
        <message>
            <source>Dashboard</source>
            <translation>Dashboard</translation>
        </message>
        <message>
            <source>The figures could not be computed: %1</source>
            <translation>The figures could not be computed: %1</translation>
        </message>
        <message>
            <source>Visits this month</source>
            <translation>Visits this month</translation>
        </message>
        <message>
            <source>Extension records this month</source>
            <translation>Extension records this month</translation>
        </message>
        <message>
            <source>Trainings this month</source>
            <translation>Trainings this month</translation>
        </message>
        <message>
            <source>Returned for correction</source>
            <translation>Returned for correction</translation>
        </message>
        <message>
            <source>Conflicts waiting</source>
            <translation>Conflicts waiting</translation>
        </message>
        <message>
            <source>Changes not yet received upstream</source>
            <translation>Changes not yet received upstream</translation>
        </message>
        <message>
            <source>%1 days (%2)</source>
            <translation>%1 days (%2)</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>Visits</translation>
        </message>
        <message>
            <source>Extension</source>
            <translation>Extension</translation>
        </message>
        <message>
            <source>Trainings</source>
            <translation>Trainings</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Industry</source>
            <translation>Industry</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>Comment</translation>
        </message>
        <message>
            <source>Records returned for correction (%1)</source>
            <translation>Records returned for correction (%1)</translation>
        </message>
        <message>
            <source>Township</source>
            <translation>Township</translation>
        </message>
        <message>
            <source>Poor village</source>
            <translation>Poor village</translation>
        </message>
        <message>
            <source>Last service</source>
            <translation>Last service</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>Yes</translation>
        </message>
        <message>
            <source>never</source>
            <translation>never</translation>
        </message>
        <message>
            <source>Villages without service in %1 days (%2 of %3)</source>
            <translation>Villages without service in %1 days (%2 of %3)</translation>
        </message>
        <message>
            <source>Records per month (last 12 months)</source>
            <translation>Records per month (last 12 months)</translation>
        </message>
        <message>
            <source>Villages without service</source>
            <translation>Villages without service</translation>
        </message>
        <message>
            <source>Records returned for correction</source>
            <translation>Records returned for correction</translation>
        </message>
        <message>
            <source>All villages</source>
            <translation>All villages</translation>
        </message>
        <message>
            <source>%1 · %2 · today %3</source>
            <translation>%1 · %2 · today %3</translation>
        </message>
        <message>
            <source>(no name)</source>
            <translation>(no name)</translation>
        </message>
        <message>
            <source>%1 days</source>
            <translation>%1 days</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Dashboard</source>
            <translation>Dashboard</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>Visits</translation>
        </message>
        <message>
            <source>Extension</source>
            <translation>Extension</translation>
        </message>
        <message>
            <source>Trainings</source>
            <translation>Trainings</translation>
        </message>
        <message>
            <source>Villages</source>
            <translation>Villages</translation>
        </message>
        <message>
            <source>Specialists</source>
            <translation>Specialists</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>Sync</source>
            <translation>Sync</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>Reports</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Role: %1</source>
            <translation>Role: %1</translation>
        </message>
        <message>
            <source>(no name)</source>
            <translation>(no name)</translation>
        </message>
        <message>
            <source>Node: %1 · %2</source>
            <translation>Node: %1 · %2</translation>
        </message>
        <message>
            <source>Unsent changes: %1</source>
            <translation>Unsent changes: %1</translation>
        </message>
        <message>
            <source>Unsent changes: ?</source>
            <translation>Unsent changes: ?</translation>
        </message>
        <message>
            <source>Last import: %1</source>
            <translation>Last import: %1</translation>
        </message>
        <message>
            <source>Last import: never</source>
            <translation>Last import: never</translation>
        </message>
        <message>
            <source>Zhangjiakou S&amp;T Specialists</source>
            <translation>Zhangjiakou S&amp;T Specialists</translation>
        </message>
        <message>
            <source> — demo data (not saved)</source>
            <translation> — demo data (not saved)</translation>
        </message>
        <message>
            <source>Demo data</source>
            <translation>Demo data</translation>
        </message>
        <message>
            <source>Daily backup saved: %1</source>
            <translation>Daily backup saved: %1</translation>
        </message>
        <message>
            <source>Daily backup</source>
            <translation>Daily backup</translation>
        </message>
    </context>
    <context>
        <name>RecordListPage</name>
        <message>
            <source>Search: Chinese, pinyin or initials (e.g. cc → 赤城)</source>
            <translation>Search: Chinese, pinyin or initials (e.g. cc → 赤城)</translation>
        </message>
        <message>
            <source>All villages</source>
            <translation>All villages</translation>
        </message>
        <message>
            <source>All specialists</source>
            <translation>All specialists</translation>
        </message>
        <message>
            <source>All dates</source>
            <translation>All dates</translation>
        </message>
        <message>
            <source>This month</source>
            <translation>This month</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>Last 30 days</translation>
        </message>
        <message>
            <source>This year</source>
            <translation>This year</translation>
        </message>
        <message>
            <source>Date range…</source>
            <translation>Date range…</translation>
        </message>
        <message>
            <source>All industries</source>
            <translation>All industries</translation>
        </message>
        <message>
            <source>All review states</source>
            <translation>All review states</translation>
        </message>
        <message>
            <source>Clear filters</source>
            <translation>Clear filters</translation>
        </message>
        <message>
            <source>New</source>
            <translation>New</translation>
        </message>
        <message>
            <source>New record (Ctrl+N)</source>
            <translation>New record (Ctrl+N)</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>Edit</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Delete</translation>
        </message>
        <message>
            <source>History</source>
            <translation>History</translation>
        </message>
        <message>
            <source>Resolve conflict</source>
            <translation>Resolve conflict</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Export…</translation>
        </message>
        <message>
            <source>Save the rows shown to Excel (.xlsx) or CSV</source>
            <translation>Save the rows shown to Excel (.xlsx) or CSV</translation>
        </message>
        <message>
            <source>From</source>
            <translation>From</translation>
        </message>
        <message>
            <source>To</source>
            <translation>To</translation>
        </message>
        <message>
            <source>%1 records</source>
            <translation>%1 records</translation>
        </message>
        <message>
            <source>Delete %1 record(s)? The deletion is kept in the history and sent with the next sync.</source>
            <translation>Delete %1 record(s)? The deletion is kept in the history and sent with the next sync.</translation>
        </message>
        <message>
            <source>Export rows</source>
            <translation>Export rows</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
            <translation>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</translation>
        </message>
        <message>
            <source>%1 rows saved to %2</source>
            <translation>%1 rows saved to %2</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>Exporting…</translation>
        </message>
    </context>
    <context>
        <name>TaskRunner</name>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>Error</translation>
        </message>
    </context>
</TS>
