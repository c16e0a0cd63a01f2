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
        <name>AssessmentPage</name>
        <message>
            <source>Annual assessment</source>
            <translation>Annual assessment</translation>
        </message>
        <message>
            <source>Year</source>
            <translation>Year</translation>
        </message>
        <message>
            <source>Search name, station, sending unit…</source>
            <translation>Search name, station, sending unit…</translation>
        </message>
        <message>
            <source>Confirm grade</source>
            <translation>Confirm grade</translation>
        </message>
        <message>
            <source>County's comment</source>
            <translation>County's comment</translation>
        </message>
        <message>
            <source>Confirm</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <source>Print performance sheet…</source>
            <translation>Print performance sheet…</translation>
        </message>
        <message>
            <source>Print ranking…</source>
            <translation>Print ranking…</translation>
        </message>
        <message>
            <source>Rules…</source>
            <translation>Rules…</translation>
        </message>
        <message>
            <source>The year's assessment and management rules (county)</source>
            <translation>The year's assessment and management rules (county)</translation>
        </message>
        <message>
            <source>All grades</source>
            <translation>All grades</translation>
        </message>
        <message>
            <source>All stations</source>
            <translation>All stations</translation>
        </message>
        <message>
            <source>Rank</source>
            <translation>Rank</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Station</source>
            <translation>Station</translation>
        </message>
        <message>
            <source>Services</source>
            <translation>Services</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>Days</translation>
        </message>
        <message>
            <source>Trainings</source>
            <translation>Trainings</translation>
        </message>
        <message>
            <source>Satisfaction %</source>
            <translation>Satisfaction %</translation>
        </message>
        <message>
            <source>Result points</source>
            <translation>Result points</translation>
        </message>
        <message>
            <source>Flagged photos</source>
            <translation>Flagged photos</translation>
        </message>
        <message>
            <source>Suggested</source>
            <translation>Suggested</translation>
        </message>
        <message>
            <source>Confirmed</source>
            <translation>Confirmed</translation>
        </message>
        <message>
            <source>%1 specialists, %2 confirmed</source>
            <translation>%1 specialists, %2 confirmed</translation>
        </message>
        <message>
            <source>Select a specialist to see the rules, the figures and the suggested grade.</source>
            <translation>Select a specialist to see the rules, the figures and the suggested grade.</translation>
        </message>
        <message>
            <source>Suggested grade</source>
            <translation>Suggested grade</translation>
        </message>
        <message>
            <source>Confirmed: %1 by %2 on %3</source>
            <translation>Confirmed: %1 by %2 on %3</translation>
        </message>
        <message>
            <source>Rules for %1</source>
            <translation>Rules for %1</translation>
        </message>
        <message>
            <source>Rules for %1 saved.</source>
            <translation>Rules for %1 saved.</translation>
        </message>
        <message>
            <source>Grade of %1 recorded.</source>
            <translation>Grade of %1 recorded.</translation>
        </message>
        <message>
            <source>Save report</source>
            <translation>Save report</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Saved %1</source>
            <translation>Saved %1</translation>
        </message>
        <message>
            <source>Generating report…</source>
            <translation>Generating report…</translation>
        </message>
    </context>
    <context>
        <name>ConflictDialog</name>
        <message>
            <source> (this computer)</source>
            <translation> (this computer)</translation>
        </message>
        <message>
            <source>Resolve conflict</source>
            <translation>Resolve conflict</translation>
        </message>
        <message>
            <source>Open record…</source>
            <translation>Open record…</translation>
        </message>
        <message>
            <source>This %1 was changed on two computers at the same time. For each field, keep one of the values or type another; the other values stay in the history.</source>
            <translation>This %1 was changed on two computers at the same time. For each field, keep one of the values or type another; the other values stay in the history.</translation>
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
            <source>Extension this month</source>
            <translation>Extension this month</translation>
        </message>
        <message>
            <source>Not yet received upstream</source>
            <translation>Not yet received upstream</translation>
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
            <source>Records</source>
            <translation>Records</translation>
        </message>
        <message>
            <source>Month</source>
            <translation>Month</translation>
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
            <source>Specialist</source>
            <translation>Specialist</translation>
        </message>
        <message>
            <source>County</source>
            <translation>County</translation>
        </message>
        <message>
            <source>Station</source>
            <translation>Station</translation>
        </message>
        <message>
            <source>Villages</source>
            <translation>Villages</translation>
        </message>
        <message>
            <source>Villages assigned</source>
            <translation>Villages assigned</translation>
        </message>
        <message>
            <source>This month</source>
            <translation>This month</translation>
        </message>
        <message>
            <source>This year</source>
            <translation>This year</translation>
        </message>
        <message>
            <source>Without service (%1 days)</source>
            <translation>Without service (%1 days)</translation>
        </message>
        <message>
            <source>By township</source>
            <translation>By township</translation>
        </message>
        <message>
            <source>By specialist</source>
            <translation>By specialist</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Values</source>
            <translation>Values</translation>
        </message>
        <message>
            <source>Conflicts waiting for a decision (%1)</source>
            <translation>Conflicts waiting for a decision (%1)</translation>
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
        <message>
            <source>Only villages in the programme</source>
            <translation>Only villages in the programme</translation>
        </message>
        <message>
            <source>Poor villages and villages with an assigned specialist</source>
            <translation>Poor villages and villages with an assigned specialist</translation>
        </message>
        <message>
            <source>Updating…</source>
            <translation>Updating…</translation>
        </message>
        <message>
            <source>These are the figures last computed; the current ones are on their way.</source>
            <translation>These are the figures last computed; the current ones are on their way.</translation>
        </message>
        <message>
            <source>Not current: the figures last computed</source>
            <translation>Not current: the figures last computed</translation>
        </message>
        <message>
            <source>see the log file</source>
            <translation>see the log file</translation>
        </message>
    </context>
    <context>
        <name>DonePage</name>
        <message>
            <source>Save enrolment request</source>
            <translation>Save enrolment request</translation>
        </message>
        <message>
            <source>Enrolment request (*.zjkpkg)</source>
            <translation>Enrolment request (*.zjkpkg)</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>Ready</translation>
        </message>
        <message>
            <source>This computer could not be set up: %1</source>
            <translation>This computer could not be set up: %1</translation>
        </message>
        <message>
            <source>%1 · %2 · %3</source>
            <translation>%1 · %2 · %3</translation>
        </message>
        <message>
            <source>not linked to the roster yet</source>
            <translation>not linked to the roster yet</translation>
        </message>
        <message>
            <source>Save enrolment request…</source>
            <translation>Save enrolment request…</translation>
        </message>
        <message>
            <source>Files you send are signed with this key. Next: import your roster sheet on the Villages or Specialists page, approve the enrolment requests new computers send you (Import on the Sync page), then export the roster and send it to everyone.</source>
            <translation>Files you send are signed with this key. Next: import your roster sheet on the Villages or Specialists page, approve the enrolment requests new computers send you (Import on the Sync page), then export the roster and send it to everyone.</translation>
        </message>
        <message>
            <source>Three steps to join:
1. Save the enrolment request and send it to the county team.
2. Phone them and read out this fingerprint; they approve and send back the roster file (.zjkpkg).
3. Import that file on the Sync page.</source>
            <translation>Three steps to join:
1. Save the enrolment request and send it to the county team.
2. Phone them and read out this fingerprint; they approve and send back the roster file (.zjkpkg).
3. Import that file on the Sync page.</translation>
        </message>
        <message>
            <source>Enrolment request saved: %1</source>
            <translation>Enrolment request saved: %1</translation>
        </message>
    </context>
    <context>
        <name>EnrolDialog</name>
        <message>
            <source>Approve</source>
            <translation>Approve</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Enrolment request</source>
            <translation>Enrolment request</translation>
        </message>
        <message>
            <source>A new computer asks to join. Phone the person and compare the fingerprint below with the one their computer shows; approve only if every digit matches.</source>
            <translation>A new computer asks to join. Phone the person and compare the fingerprint below with the one their computer shows; approve only if every digit matches.</translation>
        </message>
        <message>
            <source>Who:</source>
            <translation>Who:</translation>
        </message>
        <message>
            <source>Office given:</source>
            <translation>Office given:</translation>
        </message>
        <message>
            <source>Fingerprint:</source>
            <translation>Fingerprint:</translation>
        </message>
        <message>
            <source>In the roster:</source>
            <translation>In the roster:</translation>
        </message>
        <message>
            <source>Township station:</source>
            <translation>Township station:</translation>
        </message>
        <message>
            <source>After approving, export the roster and send it to them: it carries their key.</source>
            <translation>After approving, export the roster and send it to them: it carries their key.</translation>
        </message>
        <message>
            <source>This computer replaces its key %1; the old key will be revoked.</source>
            <translation>This computer replaces its key %1; the old key will be revoked.</translation>
        </message>
        <message>
            <source>The old key stays valid for the first %1 changes it signed, so those already sent and still at a township arrive as usual.</source>
            <translation>The old key stays valid for the first %1 changes it signed, so those already sent and still at a township arrive as usual.</translation>
        </message>
        <message>
            <source>The request carries no handover signed by the old key: changes signed with it that have not arrived here yet will be refused.</source>
            <translation>The request carries no handover signed by the old key: changes signed with it that have not arrived here yet will be refused.</translation>
        </message>
    </context>
    <context>
        <name>Evidence</name>
        <message>
            <source>Photo evidence to check (%1)</source>
            <translation>Photo evidence to check (%1)</translation>
        </message>
        <message>
            <source>Photos match the record's date and village.</source>
            <translation>Photos match the record's date and village.</translation>
        </message>
    </context>
    <context>
        <name>ExtensionForm</name>
        <message>
            <source>Basic information</source>
            <translation>Basic information</translation>
        </message>
        <message>
            <source>Demonstration and results</source>
            <translation>Demonstration and results</translation>
        </message>
        <message>
            <source>Photos and notes</source>
            <translation>Photos and notes</translation>
        </message>
    </context>
    <context>
        <name>FirstRunWizard</name>
        <message>
            <source>First start</source>
            <translation>First start</translation>
        </message>
        <message>
            <source>&amp;Next &gt;</source>
            <translation>&amp;Next &gt;</translation>
        </message>
        <message>
            <source>&lt; &amp;Back</source>
            <translation>&lt; &amp;Back</translation>
        </message>
        <message>
            <source>&amp;Finish</source>
            <translation>&amp;Finish</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>HistoryDialog</name>
        <message>
            <source>Created</source>
            <translation>Created</translation>
        </message>
        <message>
            <source>Edited</source>
            <translation>Edited</translation>
        </message>
        <message>
            <source>Deleted</source>
            <translation>Deleted</translation>
        </message>
        <message>
            <source>Reviewed</source>
            <translation>Reviewed</translation>
        </message>
        <message>
            <source>Conflict resolved</source>
            <translation>Conflict resolved</translation>
        </message>
        <message>
            <source>Restored</source>
            <translation>Restored</translation>
        </message>
        <message>
            <source>this computer</source>
            <translation>this computer</translation>
        </message>
        <message>
            <source>History</source>
            <translation>History</translation>
        </message>
        <message>
            <source>When / field</source>
            <translation>When / field</translation>
        </message>
        <message>
            <source>Who</source>
            <translation>Who</translation>
        </message>
        <message>
            <source>Before</source>
            <translation>Before</translation>
        </message>
        <message>
            <source>After</source>
            <translation>After</translation>
        </message>
        <message>
            <source>%1 versions of this %2, oldest first. Every change is kept, including values that lost a conflict.</source>
            <translation>%1 versions of this %2, oldest first. Every change is kept, including values that lost a conflict.</translation>
        </message>
        <message>
            <source>another computer</source>
            <translation>another computer</translation>
        </message>
        <message>
            <source>(unnamed)</source>
            <translation>(unnamed)</translation>
        </message>
        <message>
            <source>Computer %1, change no. %2</source>
            <translation>Computer %1, change no. %2</translation>
        </message>
    </context>
    <context>
        <name>IntroPage</name>
        <message>
            <source>Welcome</source>
            <translation>Welcome</translation>
        </message>
        <message>
            <source>This program records the work of science and technology specialists in villages: visits, technology extension and trainings. Data moves between specialists, township stations and the county team as files.</source>
            <translation>This program records the work of science and technology specialists in villages: visits, technology extension and trainings. Data moves between specialists, township stations and the county team as files.</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>&amp;Language:</translation>
        </message>
        <message>
            <source>Set up this computer for my work</source>
            <translation>Set up this computer for my work</translation>
        </message>
        <message>
            <source>Just look around with demo data (nothing is saved)</source>
            <translation>Just look around with demo data (nothing is saved)</translation>
        </message>
    </context>
    <context>
        <name>JobProgressDialog</name>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
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
            <source>Requests</source>
            <translation>Requests</translation>
        </message>
        <message>
            <source>Assessment</source>
            <translation>Assessment</translation>
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
            <source>This computer: %1</source>
            <translation>This computer: %1</translation>
        </message>
        <message>
            <source>Clock %1 days ahead</source>
            <translation>Clock %1 days ahead</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Unsent changes: %1</source>
            <translation>Unsent changes: %1</translation>
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
            <source>Zhangjiakou S&amp;T
Specialists</source>
            <translation>Zhangjiakou S&amp;T
Specialists</translation>
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
        <message>
            <source>Clock %1 days behind</source>
            <translation>Clock %1 days behind</translation>
        </message>
        <message>
            <source>Files from other computers are dated %1 days after this computer's clock: this clock is probably behind. Correct this computer's date and time.</source>
            <translation>Files from other computers are dated %1 days after this computer's clock: this clock is probably behind. Correct this computer's date and time.</translation>
        </message>
        <message>
            <source>Changes saved on this computer are dated %1 days ahead of its clock (was the clock set ahead?). If the clock is right now, the next save corrects their dates; otherwise correct this computer's date and time.</source>
            <translation>Changes saved on this computer are dated %1 days ahead of its clock (was the clock set ahead?). If the clock is right now, the next save corrects their dates; otherwise correct this computer's date and time.</translation>
        </message>
        <message>
            <source>Townships overdue: %1</source>
            <translation>Townships overdue: %1</translation>
        </message>
        <message>
            <source>Last month's file has not arrived in time from: %1</source>
            <translation>Last month's file has not arrived in time from: %1</translation>
        </message>
        <message>
            <source>Opening the database…</source>
            <translation>Opening the database…</translation>
        </message>
        <message>
            <source>Upgrading the database to this version of the program (a backup copy is made first); with much data this takes a few minutes…</source>
            <translation>Upgrading the database to this version of the program (a backup copy is made first); with much data this takes a few minutes…</translation>
        </message>
    </context>
    <context>
        <name>ManagementStrip</name>
        <message>
            <source>… and %1 more</source>
            <translation>… and %1 more</translation>
        </message>
        <message>
            <source>Nothing received this month from: %1</source>
            <translation>Nothing received this month from: %1</translation>
        </message>
        <message>
            <source>Every specialist has sent a file this month.</source>
            <translation>Every specialist has sent a file this month.</translation>
        </message>
        <message>
            <source>Stations that have not forwarded this month: %1</source>
            <translation>Stations that have not forwarded this month: %1</translation>
        </message>
        <message>
            <source>%1 farmers' requests overdue</source>
            <translation>%1 farmers' requests overdue</translation>
        </message>
    </context>
    <context>
        <name>OrgPage</name>
        <message>
            <source>Import roster</source>
            <translation>Import roster</translation>
        </message>
        <message>
            <source>(not in the list: the county links me when it approves)</source>
            <translation>(not in the list: the county links me when it approves)</translation>
        </message>
        <message>
            <source>Roster (*.zjkpkg *.xlsx *.csv)</source>
            <translation>Roster (*.zjkpkg *.xlsx *.csv)</translation>
        </message>
        <message>
            <source>The roster could not be imported: %1</source>
            <translation>The roster could not be imported: %1</translation>
        </message>
        <message>
            <source>… and %1 more problems</source>
            <translation>… and %1 more problems</translation>
        </message>
        <message>
            <source>Trust the county's key?</source>
            <translation>Trust the county's key?</translation>
        </message>
        <message>
            <source>The roster %1 was signed by the county team %2.

Fingerprint: %3

Phone the county team and compare every digit before you trust this key.</source>
            <translation>The roster %1 was signed by the county team %2.

Fingerprint: %3

Phone the county team and compare every digit before you trust this key.</translation>
        </message>
        <message>
            <source>Trust and import</source>
            <translation>Trust and import</translation>
        </message>
        <message>
            <source>Do not trust</source>
            <translation>Do not trust</translation>
        </message>
        <message>
            <source>Not imported: the county's key was not trusted.</source>
            <translation>Not imported: the county's key was not trusted.</translation>
        </message>
        <message>
            <source>Your organisation</source>
            <translation>Your organisation</translation>
        </message>
        <message>
            <source>&amp;You in the roster:</source>
            <translation>&amp;You in the roster:</translation>
        </message>
        <message>
            <source>Pick yourself from the county's roster of specialists.</source>
            <translation>Pick yourself from the county's roster of specialists.</translation>
        </message>
        <message>
            <source>&amp;Township station:</source>
            <translation>&amp;Township station:</translation>
        </message>
        <message>
            <source>Pick your township service station.</source>
            <translation>Pick your township service station.</translation>
        </message>
        <message>
            <source>&amp;County:</source>
            <translation>&amp;County:</translation>
        </message>
        <message>
            <source>Pick your county.</source>
            <translation>Pick your county.</translation>
        </message>
        <message>
            <source>There is no roster on this computer yet: pick your county, or import the roster file the county sent you (.zjkpkg, or a sheet .xlsx / .csv).</source>
            <translation>There is no roster on this computer yet: pick your county, or import the roster file the county sent you (.zjkpkg, or a sheet .xlsx / .csv).</translation>
        </message>
        <message>
            <source>Import roster file…</source>
            <translation>Import roster file…</translation>
        </message>
    </context>
    <context>
        <name>PhotoStrip</name>
        <message>
            <source>Add photo…</source>
            <translation>Add photo…</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Remove</translation>
        </message>
        <message>
            <source>or drag photos here</source>
            <translation>or drag photos here</translation>
        </message>
        <message>
            <source>Double-click to open</source>
            <translation>Double-click to open</translation>
        </message>
        <message>
            <source>(missing)</source>
            <translation>(missing)</translation>
        </message>
        <message>
            <source>%1: the file is too large</source>
            <translation>%1: the file is too large</translation>
        </message>
        <message>
            <source>%1 is not a picture</source>
            <translation>%1 is not a picture</translation>
        </message>
        <message>
            <source>Add photos</source>
            <translation>Add photos</translation>
        </message>
        <message>
            <source>Pictures (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)</source>
            <translation>Pictures (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)</translation>
        </message>
        <message>
            <source>Photos</source>
            <translation>Photos</translation>
        </message>
    </context>
    <context>
        <name>PhotoViewer</name>
        <message>
            <source>Photo</source>
            <translation>Photo</translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message>
            <source>Print preview: %1</source>
            <translation>Print preview: %1</translation>
        </message>
        <message>
            <source>Print: %1</source>
            <translation>Print: %1</translation>
        </message>
    </context>
    <context>
        <name>RecordForm</name>
        <message>
            <source>“—” means no date; click to pick one, Delete clears it</source>
            <translation>“—” means no date; click to pick one, Delete clears it</translation>
        </message>
        <message>
            <source>Required</source>
            <translation>Required</translation>
        </message>
        <message>
            <source>A number; decimals allowed, e.g. 12.5</source>
            <translation>A number; decimals allowed, e.g. 12.5</translation>
        </message>
        <message>
            <source>A whole number</source>
            <translation>A whole number</translation>
        </message>
        <message>
            <source>— choose —</source>
            <translation>— choose —</translation>
        </message>
        <message>
            <source>Type a name, pinyin or initials</source>
            <translation>Type a name, pinyin or initials</translation>
        </message>
    </context>
    <context>
        <name>RecordFormDialog</name>
        <message>
            <source>Unsaved draft</source>
            <translation>Unsaved draft</translation>
        </message>
        <message>
            <source>An unsaved %1 from %2 was found. Restore it?</source>
            <translation>An unsaved %1 from %2 was found. Restore it?</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>Restore</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>Discard</translation>
        </message>
        <message>
            <source>Later</source>
            <translation>Later</translation>
        </message>
        <message>
            <source>Restored from an unsaved draft of %1.</source>
            <translation>Restored from an unsaved draft of %1.</translation>
        </message>
        <message>
            <source>Returned for correction by %1 on %2: %3</source>
            <translation>Returned for correction by %1 on %2: %3</translation>
        </message>
        <message>
            <source>This record has conflicting edits from different computers; use “Resolve conflict” in the list.</source>
            <translation>This record has conflicting edits from different computers; use “Resolve conflict” in the list.</translation>
        </message>
        <message>
            <source>Edit: %1</source>
            <translation>Edit: %1</translation>
        </message>
        <message>
            <source>New: %1</source>
            <translation>New: %1</translation>
        </message>
        <message>
            <source>Save (Ctrl+S)</source>
            <translation>Save (Ctrl+S)</translation>
        </message>
        <message>
            <source>The record stays a draft until submitted</source>
            <translation>The record stays a draft until submitted</translation>
        </message>
        <message>
            <source>Save and new (Ctrl+Shift+S)</source>
            <translation>Save and new (Ctrl+Shift+S)</translation>
        </message>
        <message>
            <source>Save, then start the next record with the same date, village and industry</source>
            <translation>Save, then start the next record with the same date, village and industry</translation>
        </message>
        <message>
            <source>Save and submit</source>
            <translation>Save and submit</translation>
        </message>
        <message>
            <source>Save and send for review with the next sync</source>
            <translation>Save and send for review with the next sync</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Please check the notes in amber; press Save again to save anyway.</source>
            <translation>Please check the notes in amber; press Save again to save anyway.</translation>
        </message>
        <message>
            <source>Nothing was saved: please correct the fields marked in red.</source>
            <translation>Nothing was saved: please correct the fields marked in red.</translation>
        </message>
        <message>
            <source>Save your changes to this record?</source>
            <translation>Save your changes to this record?</translation>
        </message>
    </context>
    <context>
        <name>RecordListPage</name>
        <message>
            <source>Search: name, pinyin or initials (e.g. cc)</source>
            <translation>Search: name, pinyin or initials (e.g. cc)</translation>
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
            <source>Print…</source>
            <translation>Print…</translation>
        </message>
        <message>
            <source>Print the rows shown (Ctrl+P)</source>
            <translation>Print the rows shown (Ctrl+P)</translation>
        </message>
        <message>
            <source>Print preview…</source>
            <translation>Print preview…</translation>
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
            <source>first %1 of %2 rows</source>
            <translation>first %1 of %2 rows</translation>
        </message>
        <message>
            <source>printed %1</source>
            <translation>printed %1</translation>
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
        <name>ReportsPage</name>
        <message>
            <source>Specialist work log</source>
            <translation>Specialist work log</translation>
        </message>
        <message>
            <source>Township station summary</source>
            <translation>Township station summary</translation>
        </message>
        <message>
            <source>County work report</source>
            <translation>County work report</translation>
        </message>
        <message>
            <source>Reports</source>
            <translation>Reports</translation>
        </message>
        <message>
            <source>Report</source>
            <translation>Report</translation>
        </message>
        <message>
            <source>&amp;Report:</source>
            <translation>&amp;Report:</translation>
        </message>
        <message>
            <source>&amp;For:</source>
            <translation>&amp;For:</translation>
        </message>
        <message>
            <source>&amp;Period:</source>
            <translation>&amp;Period:</translation>
        </message>
        <message>
            <source>Dates:</source>
            <translation>Dates:</translation>
        </message>
        <message>
            <source>Also save the tables as Excel (.xlsx)</source>
            <translation>Also save the tables as Excel (.xlsx)</translation>
        </message>
        <message>
            <source>Open the PDF when it is ready</source>
            <translation>Open the PDF when it is ready</translation>
        </message>
        <message>
            <source>Generate…</source>
            <translation>Generate…</translation>
        </message>
        <message>
            <source>Open PDF</source>
            <translation>Open PDF</translation>
        </message>
        <message>
            <source>Open folder</source>
            <translation>Open folder</translation>
        </message>
        <message>
            <source>Print preview…</source>
            <translation>Print preview…</translation>
        </message>
        <message>
            <source>Print…</source>
            <translation>Print…</translation>
        </message>
        <message>
            <source>Print the report just made, to sign and stamp</source>
            <translation>Print the report just made, to sign and stamp</translation>
        </message>
        <message>
            <source>Generated reports</source>
            <translation>Generated reports</translation>
        </message>
        <message>
            <source>Reports made in this session are listed here.</source>
            <translation>Reports made in this session are listed here.</translation>
        </message>
        <message>
            <source>This month</source>
            <translation>This month</translation>
        </message>
        <message>
            <source>Last month</source>
            <translation>Last month</translation>
        </message>
        <message>
            <source>This quarter</source>
            <translation>This quarter</translation>
        </message>
        <message>
            <source>This year</source>
            <translation>This year</translation>
        </message>
        <message>
            <source>Last year</source>
            <translation>Last year</translation>
        </message>
        <message>
            <source>Other dates</source>
            <translation>Other dates</translation>
        </message>
        <message>
            <source>Whole city (all counties)</source>
            <translation>Whole city (all counties)</translation>
        </message>
        <message>
            <source>Save report</source>
            <translation>Save report</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Generating report…</source>
            <translation>Generating report…</translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>Failed: %1</translation>
        </message>
        <message>
            <source>%1: %2 pages, font %3%4</source>
            <translation>%1: %2 pages, font %3%4</translation>
        </message>
        <message>
            <source> (not embedded)</source>
            <translation> (not embedded)</translation>
        </message>
        <message>
            <source>Excel: %1</source>
            <translation>Excel: %1</translation>
        </message>
        <message>
            <source>Reporting timeliness (files received on time)</source>
            <translation>Reporting timeliness (files received on time)</translation>
        </message>
    </context>
    <context>
        <name>RequestsPage</name>
        <message>
            <source>Farmers' requests and callbacks</source>
            <translation>Farmers' requests and callbacks</translation>
        </message>
        <message>
            <source>Requests</source>
            <translation>Requests</translation>
        </message>
        <message>
            <source>Satisfaction callbacks</source>
            <translation>Satisfaction callbacks</translation>
        </message>
        <message>
            <source>All states</source>
            <translation>All states</translation>
        </message>
        <message>
            <source>Overdue only</source>
            <translation>Overdue only</translation>
        </message>
        <message>
            <source>Search problem, requester, village, specialist…</source>
            <translation>Search problem, requester, village, specialist…</translation>
        </message>
        <message>
            <source>Search household, specialist, village…</source>
            <translation>Search household, specialist, village…</translation>
        </message>
        <message>
            <source>New request…</source>
            <translation>New request…</translation>
        </message>
        <message>
            <source>Assign…</source>
            <translation>Assign…</translation>
        </message>
        <message>
            <source>Answer…</source>
            <translation>Answer…</translation>
        </message>
        <message>
            <source>Close…</source>
            <translation>Close…</translation>
        </message>
        <message>
            <source>New callback…</source>
            <translation>New callback…</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
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
            <source>Requester</source>
            <translation>Requester</translation>
        </message>
        <message>
            <source>Specialist</source>
            <translation>Specialist</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>Days</translation>
        </message>
        <message>
            <source>Problem</source>
            <translation>Problem</translation>
        </message>
        <message>
            <source>Household</source>
            <translation>Household</translation>
        </message>
        <message>
            <source>Satisfaction</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Comment</source>
            <translation>Comment</translation>
        </message>
        <message>
            <source>Overdue: open for %1 days</source>
            <translation>Overdue: open for %1 days</translation>
        </message>
        <message>
            <source>%1 requests, %2 overdue</source>
            <translation>%1 requests, %2 overdue</translation>
        </message>
        <message>
            <source>%1 callbacks, %2% satisfied</source>
            <translation>%1 callbacks, %2% satisfied</translation>
        </message>
        <message>
            <source>Select a request to see it here.</source>
            <translation>Select a request to see it here.</translation>
        </message>
        <message>
            <source>Answered in %1 days</source>
            <translation>Answered in %1 days</translation>
        </message>
        <message>
            <source>New farmer's request</source>
            <translation>New farmer's request</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Assign request</source>
            <translation>Assign request</translation>
        </message>
        <message>
            <source>Answer request</source>
            <translation>Answer request</translation>
        </message>
        <message>
            <source>(no visit)</source>
            <translation>(no visit)</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>Answer</translation>
        </message>
        <message>
            <source>Visit that answered it</source>
            <translation>Visit that answered it</translation>
        </message>
        <message>
            <source>Close request</source>
            <translation>Close request</translation>
        </message>
        <message>
            <source>Closing comment</source>
            <translation>Closing comment</translation>
        </message>
        <message>
            <source>New satisfaction callback</source>
            <translation>New satisfaction callback</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>Record</translation>
        </message>
    </context>
    <context>
        <name>ReviewPage</name>
        <message>
            <source>Review</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>Search: Chinese, pinyin or initials</source>
            <translation>Search: Chinese, pinyin or initials</translation>
        </message>
        <message>
            <source>Comment (required when returning):</source>
            <translation>Comment (required when returning):</translation>
        </message>
        <message>
            <source>e.g. please add the number of households served</source>
            <translation>e.g. please add the number of households served</translation>
        </message>
        <message>
            <source>Approve selected</source>
            <translation>Approve selected</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Undo</translation>
        </message>
        <message>
            <source>Take back the review just done</source>
            <translation>Take back the review just done</translation>
        </message>
        <message>
            <source>Return with comment</source>
            <translation>Return with comment</translation>
        </message>
        <message>
            <source>Open record</source>
            <translation>Open record</translation>
        </message>
        <message>
            <source>All kinds</source>
            <translation>All kinds</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Specialist</source>
            <translation>Specialist</translation>
        </message>
        <message>
            <source>Industry</source>
            <translation>Industry</translation>
        </message>
        <message>
            <source>Content</source>
            <translation>Content</translation>
        </message>
        <message>
            <source>%1 records</source>
            <translation>%1 records</translation>
        </message>
        <message>
            <source>%1 records selected</source>
            <translation>%1 records selected</translation>
        </message>
        <message>
            <source>Select records in the list to review them.</source>
            <translation>Select records in the list to review them.</translation>
        </message>
        <message>
            <source>Details of one record show here; Ctrl+click selects several.</source>
            <translation>Details of one record show here; Ctrl+click selects several.</translation>
        </message>
        <message>
            <source>%1 photo(s) attached</source>
            <translation>%1 photo(s) attached</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>Approve</translation>
        </message>
        <message>
            <source>Approve %1 records?</source>
            <translation>Approve %1 records?</translation>
        </message>
        <message>
            <source>%1 record(s) approved.</source>
            <translation>%1 record(s) approved.</translation>
        </message>
        <message>
            <source>Undone: %1 record(s) are back as they were.</source>
            <translation>Undone: %1 record(s) are back as they were.</translation>
        </message>
        <message>
            <source>Write a comment saying what to correct before returning.</source>
            <translation>Write a comment saying what to correct before returning.</translation>
        </message>
        <message>
            <source>%1 record(s) returned; the specialist sees your comment after the next sync.</source>
            <translation>%1 record(s) returned; the specialist sees your comment after the next sync.</translation>
        </message>
    </context>
    <context>
        <name>RevokeDialog</name>
        <message>
            <source>Revoke key</source>
            <translation>Revoke key</translation>
        </message>
        <message>
            <source>Revoke this computer's key if the laptop was lost or stolen. Files it signs from now on are refused everywhere once the offices have the new roster; the person enrols a replacement computer anew.</source>
            <translation>Revoke this computer's key if the laptop was lost or stolen. Files it signs from now on are refused everywhere once the offices have the new roster; the person enrols a replacement computer anew.</translation>
        </message>
        <message>
            <source>Computer:</source>
            <translation>Computer:</translation>
        </message>
        <message>
            <source>Fingerprint:</source>
            <translation>Fingerprint:</translation>
        </message>
        <message>
            <source>Changes to &amp;keep:</source>
            <translation>Changes to &amp;keep:</translation>
        </message>
        <message>
            <source>Revoke</source>
            <translation>Revoke</translation>
        </message>
        <message>
            <source>Keep the %1 changes this computer already sent; anything its key signs after them is refused.</source>
            <translation>Keep the %1 changes this computer already sent; anything its key signs after them is refused.</translation>
        </message>
        <message>
            <source>Keep none of this computer's changes: anything its key signed is refused.</source>
            <translation>Keep none of this computer's changes: anything its key signed is refused.</translation>
        </message>
        <message>
            <source>This county holds its first %1 changes. If a township station reports that it holds more (its sync page shows how many), enter that number so they still arrive.</source>
            <translation>This county holds its first %1 changes. If a township station reports that it holds more (its sync page shows how many), enter that number so they still arrive.</translation>
        </message>
    </context>
    <context>
        <name>RolePage</name>
        <message>
            <source>Your role</source>
            <translation>Your role</translation>
        </message>
        <message>
            <source>Specialists record their own work; township stations review it and report upward; the county team keeps the roster of villages and specialists.</source>
            <translation>Specialists record their own work; township stations review it and report upward; the county team keeps the roster of villages and specialists.</translation>
        </message>
        <message>
            <source>Your &amp;name:</source>
            <translation>Your &amp;name:</translation>
        </message>
        <message>
            <source>e.g. Wang Jianguo</source>
            <translation>e.g. Wang Jianguo</translation>
        </message>
    </context>
    <context>
        <name>RosterEditDialog</name>
        <message>
            <source>Edit: %1</source>
            <translation>Edit: %1</translation>
        </message>
        <message>
            <source>New: %1</source>
            <translation>New: %1</translation>
        </message>
        <message>
            <source>Nothing was saved: please correct the marked fields.</source>
            <translation>Nothing was saved: please correct the marked fields.</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>Settings</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>&amp;Language of the program:</source>
            <translation>&amp;Language of the program:</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>This computer</translation>
        </message>
        <message>
            <source>Role:</source>
            <translation>Role:</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Name:</translation>
        </message>
        <message>
            <source>Save name and organisation</source>
            <translation>Save name and organisation</translation>
        </message>
        <message>
            <source>Key fingerprint:</source>
            <translation>Key fingerprint:</translation>
        </message>
        <message>
            <source>Save enrolment request…</source>
            <translation>Save enrolment request…</translation>
        </message>
        <message>
            <source>Back up keys…</source>
            <translation>Back up keys…</translation>
        </message>
        <message>
            <source>Restore key backup…</source>
            <translation>Restore key backup…</translation>
        </message>
        <message>
            <source>New key…</source>
            <translation>New key…</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>Data</translation>
        </message>
        <message>
            <source>Database:</source>
            <translation>Database:</translation>
        </message>
        <message>
            <source>Move data to another folder…</source>
            <translation>Move data to another folder…</translation>
        </message>
        <message>
            <source>Demo data is a temporary copy and is deleted when the program closes.</source>
            <translation>Demo data is a temporary copy and is deleted when the program closes.</translation>
        </message>
        <message>
            <source>Font for PDF reports</source>
            <translation>Font for PDF reports</translation>
        </message>
        <message>
            <source>Font:</source>
            <translation>Font:</translation>
        </message>
        <message>
            <source>Choose font file…</source>
            <translation>Choose font file…</translation>
        </message>
        <message>
            <source>Automatic</source>
            <translation>Automatic</translation>
        </message>
        <message>
            <source>Backup</source>
            <translation>Backup</translation>
        </message>
        <message>
            <source>Back up the database automatically every day (kept for 30 days)</source>
            <translation>Back up the database automatically every day (kept for 30 days)</translation>
        </message>
        <message>
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Size</translation>
        </message>
        <message>
            <source>Back up now</source>
            <translation>Back up now</translation>
        </message>
        <message>
            <source>Restore selected backup…</source>
            <translation>Restore selected backup…</translation>
        </message>
        <message>
            <source>Restore from file…</source>
            <translation>Restore from file…</translation>
        </message>
        <message>
            <source>&amp;You in the roster:</source>
            <translation>&amp;You in the roster:</translation>
        </message>
        <message>
            <source>&amp;Township station:</source>
            <translation>&amp;Township station:</translation>
        </message>
        <message>
            <source>&amp;County:</source>
            <translation>&amp;County:</translation>
        </message>
        <message>
            <source>(not linked yet)</source>
            <translation>(not linked yet)</translation>
        </message>
        <message>
            <source>The keys are in %1, beside the database: back them up, and keep them with the database when you move it.</source>
            <translation>The keys are in %1, beside the database: back them up, and keep them with the database when you move it.</translation>
        </message>
        <message>
            <source>(in memory)</source>
            <translation>(in memory)</translation>
        </message>
        <message>
            <source>Automatic: %1</source>
            <translation>Automatic: %1</translation>
        </message>
        <message>
            <source>Demo data is not backed up.</source>
            <translation>Demo data is not backed up.</translation>
        </message>
        <message>
            <source>Backups are kept in %1</source>
            <translation>Backups are kept in %1</translation>
        </message>
        <message>
            <source>%1 (not embedded)</source>
            <translation>%1 (not embedded)</translation>
        </message>
        <message>
            <source>Saved: this computer is used by %1.</source>
            <translation>Saved: this computer is used by %1.</translation>
        </message>
        <message>
            <source>Save enrolment request</source>
            <translation>Save enrolment request</translation>
        </message>
        <message>
            <source>Enrolment request (*.zjkpkg)</source>
            <translation>Enrolment request (*.zjkpkg)</translation>
        </message>
        <message>
            <source>Enrolment request saved: %1. Send it to the county team and read out the fingerprint on the phone.</source>
            <translation>Enrolment request saved: %1. Send it to the county team and read out the fingerprint on the phone.</translation>
        </message>
        <message>
            <source>Back up keys</source>
            <translation>Back up keys</translation>
        </message>
        <message>
            <source>Key backups (*.age)</source>
            <translation>Key backups (*.age)</translation>
        </message>
        <message>
            <source>Passphrase for the backup:</source>
            <translation>Passphrase for the backup:</translation>
        </message>
        <message>
            <source>The same passphrase again:</source>
            <translation>The same passphrase again:</translation>
        </message>
        <message>
            <source>The two passphrases differ; nothing was saved.</source>
            <translation>The two passphrases differ; nothing was saved.</translation>
        </message>
        <message>
            <source>Keys backed up to %1. Keep it apart from the database backup and remember the passphrase.</source>
            <translation>Keys backed up to %1. Keep it apart from the database backup and remember the passphrase.</translation>
        </message>
        <message>
            <source>Restore key backup</source>
            <translation>Restore key backup</translation>
        </message>
        <message>
            <source>Passphrase of the backup:</source>
            <translation>Passphrase of the backup:</translation>
        </message>
        <message>
            <source>Keys restored (fingerprint %1).</source>
            <translation>Keys restored (fingerprint %1).</translation>
        </message>
        <message>
            <source>New key</source>
            <translation>New key</translation>
        </message>
        <message>
            <source>Make a new key for this computer? Use this only if the key was lost or may be known to someone else. Until the county team approves the new key, other offices refuse files from this computer. Next you save the enrolment request for the county.</source>
            <translation>Make a new key for this computer? Use this only if the key was lost or may be known to someone else. Until the county team approves the new key, other offices refuse files from this computer. Next you save the enrolment request for the county.</translation>
        </message>
        <message>
            <source>Data folder</source>
            <translation>Data folder</translation>
        </message>
        <message>
            <source>%1 already holds a database. Use that database from the next start?</source>
            <translation>%1 already holds a database. Use that database from the next start?</translation>
        </message>
        <message>
            <source>From the next start the program uses %1. The old file stays where it was.</source>
            <translation>From the next start the program uses %1. The old file stays where it was.</translation>
        </message>
        <message>
            <source>TrueType fonts (*.ttf *.ttc)</source>
            <translation>TrueType fonts (*.ttf *.ttc)</translation>
        </message>
        <message>
            <source>Backup saved: %1</source>
            <translation>Backup saved: %1</translation>
        </message>
        <message>
            <source>Backing up…</source>
            <translation>Backing up…</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>Restore</translation>
        </message>
        <message>
            <source>Select a backup in the list.</source>
            <translation>Select a backup in the list.</translation>
        </message>
        <message>
            <source>Database backups (*.sqlite3)</source>
            <translation>Database backups (*.sqlite3)</translation>
        </message>
        <message>
            <source>Replace all data on this computer by the backup %1?

The current data is first saved beside the database, so this can be undone.</source>
            <translation>Replace all data on this computer by the backup %1?

The current data is first saved beside the database, so this can be undone.</translation>
        </message>
        <message>
            <source>Restored %1. The data before the restore was saved as %2.</source>
            <translation>Restored %1. The data before the restore was saved as %2.</translation>
        </message>
    </context>
    <context>
        <name>SpecialistsPage</name>
        <message>
            <source>Specialists</source>
            <translation>Specialists</translation>
        </message>
        <message>
            <source>Search specialists: name, pinyin, initials, employer</source>
            <translation>Search specialists: name, pinyin, initials, employer</translation>
        </message>
        <message>
            <source>Add specialist…</source>
            <translation>Add specialist…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Edit…</translation>
        </message>
        <message>
            <source>Assign village…</source>
            <translation>Assign village…</translation>
        </message>
        <message>
            <source>End assignment</source>
            <translation>End assignment</translation>
        </message>
        <message>
            <source>Villages of the selected specialist:</source>
            <translation>Villages of the selected specialist:</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Gender</source>
            <translation>Gender</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Employer</source>
            <translation>Employer</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Title</translation>
        </message>
        <message>
            <source>Industries</source>
            <translation>Industries</translation>
        </message>
        <message>
            <source>Station</source>
            <translation>Station</translation>
        </message>
        <message>
            <source>Villages</source>
            <translation>Villages</translation>
        </message>
        <message>
            <source>Records this year</source>
            <translation>Records this year</translation>
        </message>
        <message>
            <source>now</source>
            <translation>now</translation>
        </message>
        <message>
            <source>No villages assigned to this specialist yet</source>
            <translation>No villages assigned to this specialist yet</translation>
        </message>
        <message>
            <source>Select a specialist to see the assigned villages</source>
            <translation>Select a specialist to see the assigned villages</translation>
        </message>
        <message>
            <source>Type a name, pinyin or initials</source>
            <translation>Type a name, pinyin or initials</translation>
        </message>
        <message>
            <source>End this assignment today? Past records stay as they are.</source>
            <translation>End this assignment today? Past records stay as they are.</translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message>
            <source>Sync</source>
            <translation>Sync</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>This computer</translation>
        </message>
        <message>
            <source>Used by:</source>
            <translation>Used by:</translation>
        </message>
        <message>
            <source>Key fingerprint:</source>
            <translation>Key fingerprint:</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Send</translation>
        </message>
        <message>
            <source>&amp;Send to:</source>
            <translation>&amp;Send to:</translation>
        </message>
        <message>
            <source>Everything (full export)</source>
            <translation>Everything (full export)</translation>
        </message>
        <message>
            <source>Everything (full export), not only what is new</source>
            <translation>Everything (full export), not only what is new</translation>
        </message>
        <message>
            <source>Export file for sending…</source>
            <translation>Export file for sending…</translation>
        </message>
        <message>
            <source>Export roster for the county's computers…</source>
            <translation>Export roster for the county's computers…</translation>
        </message>
        <message>
            <source>Receive</source>
            <translation>Receive</translation>
        </message>
        <message>
            <source>Import files…</source>
            <translation>Import files…</translation>
        </message>
        <message>
            <source>Check a file without importing…</source>
            <translation>Check a file without importing…</translation>
        </message>
        <message>
            <source>You can also drag .zjkpkg files onto the window.</source>
            <translation>You can also drag .zjkpkg files onto the window.</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>What was imported or exported is shown here.</source>
            <translation>What was imported or exported is shown here.</translation>
        </message>
        <message>
            <source>Open containing folder</source>
            <translation>Open containing folder</translation>
        </message>
        <message>
            <source>Show the file just written, e.g. to drag it into WeChat or onto a USB stick</source>
            <translation>Show the file just written, e.g. to drag it into WeChat or onto a USB stick</translation>
        </message>
        <message>
            <source>Other computers</source>
            <translation>Other computers</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Last file</source>
            <translation>Last file</translation>
        </message>
        <message>
            <source>Not yet received</source>
            <translation>Not yet received</translation>
        </message>
        <message>
            <source>Fingerprint</source>
            <translation>Fingerprint</translation>
        </message>
        <message>
            <source>Write receipt for the selected computer…</source>
            <translation>Write receipt for the selected computer…</translation>
        </message>
        <message>
            <source>Files imported and exported</source>
            <translation>Files imported and exported</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Direction</source>
            <translation>Direction</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Computer</source>
            <translation>Computer</translation>
        </message>
        <message>
            <source>another computer</source>
            <translation>another computer</translation>
        </message>
        <message>
            <source>changes</source>
            <translation>changes</translation>
        </message>
        <message>
            <source>full</source>
            <translation>full</translation>
        </message>
        <message>
            <source>roster</source>
            <translation>roster</translation>
        </message>
        <message>
            <source>receipt</source>
            <translation>receipt</translation>
        </message>
        <message>
            <source>(no name)</source>
            <translation>(no name)</translation>
        </message>
        <message>
            <source>(no key yet)</source>
            <translation>(no key yet)</translation>
        </message>
        <message>
            <source>Township station</source>
            <translation>Township station</translation>
        </message>
        <message>
            <source>County team</source>
            <translation>County team</translation>
        </message>
        <message>
            <source>Computer: %1 (%2)</source>
            <translation>Computer: %1 (%2)</translation>
        </message>
        <message>
            <source>No computer to send to yet: changes can be sent to a computer once one of its files has been imported here.</source>
            <translation>No computer to send to yet: changes can be sent to a computer once one of its files has been imported here.</translation>
        </message>
        <message>
            <source>never</source>
            <translation>never</translation>
        </message>
        <message>
            <source>refused: %1</source>
            <translation>refused: %1</translation>
        </message>
        <message>
            <source>%1 new, %2 updated</source>
            <translation>%1 new, %2 updated</translation>
        </message>
        <message>
            <source>%1 changes</source>
            <translation>%1 changes</translation>
        </message>
        <message>
            <source>imported</source>
            <translation>imported</translation>
        </message>
        <message>
            <source>exported</source>
            <translation>exported</translation>
        </message>
        <message>
            <source>every computer</source>
            <translation>every computer</translation>
        </message>
        <message>
            <source>the sender is not trusted yet</source>
            <translation>the sender is not trusted yet</translation>
        </message>
        <message>
            <source>it is not a sync file, or it is damaged (e.g. not copied completely)</source>
            <translation>it is not a sync file, or it is damaged (e.g. not copied completely)</translation>
        </message>
        <message>
            <source>it is damaged or not a sync file of this program</source>
            <translation>it is damaged or not a sync file of this program</translation>
        </message>
        <message>
            <source>the file cannot be read (is the USB stick still in?)</source>
            <translation>the file cannot be read (is the USB stick still in?)</translation>
        </message>
        <message>
            <source>%1: refused — %2</source>
            <translation>%1: refused — %2</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>unknown</translation>
        </message>
        <message>
            <source>%1: receipt from %2 — they have received your files</source>
            <translation>%1: receipt from %2 — they have received your files</translation>
        </message>
        <message>
            <source>%1: from %2 — %3 new, %4 updated, %5 unchanged</source>
            <translation>%1: from %2 — %3 new, %4 updated, %5 unchanged</translation>
        </message>
        <message>
            <source>, %1 conflict(s) to resolve</source>
            <translation>, %1 conflict(s) to resolve</translation>
        </message>
        <message>
            <source>, %1 change(s) refused</source>
            <translation>, %1 change(s) refused</translation>
        </message>
        <message>
            <source>Resolve conflicts (%1)…</source>
            <translation>Resolve conflicts (%1)…</translation>
        </message>
        <message>
            <source>receipt for %1</source>
            <translation>receipt for %1</translation>
        </message>
        <message>
            <source>to township</source>
            <translation>to township</translation>
        </message>
        <message>
            <source>to county</source>
            <translation>to county</translation>
        </message>
        <message>
            <source>to %1</source>
            <translation>to %1</translation>
        </message>
        <message>
            <source>changes for sending</source>
            <translation>changes for sending</translation>
        </message>
        <message>
            <source>Save sync file</source>
            <translation>Save sync file</translation>
        </message>
        <message>
            <source>Sync files (*.zjkpkg)</source>
            <translation>Sync files (*.zjkpkg)</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>Exporting…</translation>
        </message>
        <message>
            <source>Exporting roster…</source>
            <translation>Exporting roster…</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>Receipt</translation>
        </message>
        <message>
            <source>Select the computer the receipt is for.</source>
            <translation>Select the computer the receipt is for.</translation>
        </message>
        <message>
            <source>Writing receipt…</source>
            <translation>Writing receipt…</translation>
        </message>
        <message>
            <source>Export cancelled; no file was written.</source>
            <translation>Export cancelled; no file was written.</translation>
        </message>
        <message>
            <source>Export failed: %1</source>
            <translation>Export failed: %1</translation>
        </message>
        <message>
            <source>Written: %1 (%2 changes, %3 photos)</source>
            <translation>Written: %1 (%2 changes, %3 photos)</translation>
        </message>
        <message>
            <source>Sync files (*.zjkpkg);;All files (*)</source>
            <translation>Sync files (*.zjkpkg);;All files (*)</translation>
        </message>
        <message>
            <source>Import sync files</source>
            <translation>Import sync files</translation>
        </message>
        <message>
            <source>Check a sync file</source>
            <translation>Check a sync file</translation>
        </message>
        <message>
            <source>Checked, nothing imported:</source>
            <translation>Checked, nothing imported:</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <source>Importing…</source>
            <translation>Importing…</translation>
        </message>
        <message>
            <source>Import cancelled; nothing was changed.</source>
            <translation>Import cancelled; nothing was changed.</translation>
        </message>
        <message>
            <source>Import failed: %1</source>
            <translation>Import failed: %1</translation>
        </message>
        <message>
            <source>Unknown sender</source>
            <translation>Unknown sender</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>The file %1 comes from %2, a computer not known here yet.</source>
            <translation>The file %1 comes from %2, a computer not known here yet.</translation>
        </message>
        <message>
            <source>Fingerprint: %1

Trust it only after the sender has read you the same fingerprint (e.g. by phone); their Sync page shows it.</source>
            <translation>Fingerprint: %1

Trust it only after the sender has read you the same fingerprint (e.g. by phone); their Sync page shows it.</translation>
        </message>
        <message>
            <source>Trust and import</source>
            <translation>Trust and import</translation>
        </message>
        <message>
            <source>Do not trust</source>
            <translation>Do not trust</translation>
        </message>
        <message>
            <source>%1 was not imported: its sender is not trusted.</source>
            <translation>%1 was not imported: its sender is not trusted.</translation>
        </message>
        <message>
            <source>Revoke key…</source>
            <translation>Revoke key…</translation>
        </message>
        <message>
            <source>A lost or stolen laptop: revoke its key, keeping the changes it already sent</source>
            <translation>A lost or stolen laptop: revoke its key, keeping the changes it already sent</translation>
        </message>
        <message>
            <source> (revoked)</source>
            <translation> (revoked)</translation>
        </message>
        <message>
            <source>Revoke key</source>
            <translation>Revoke key</translation>
        </message>
        <message>
            <source>Select the computer whose key is to be revoked.</source>
            <translation>Select the computer whose key is to be revoked.</translation>
        </message>
        <message>
            <source>This computer has no key in the county's keyring.</source>
            <translation>This computer has no key in the county's keyring.</translation>
        </message>
        <message>
            <source>Revoked the key of %1, keeping the %2 changes it already sent. Export the roster and send it to every office.</source>
            <translation>Revoked the key of %1, keeping the %2 changes it already sent. Export the roster and send it to every office.</translation>
        </message>
        <message>
            <source>Revoked the key of %1, keeping none of its changes. Export the roster and send it to every office.</source>
            <translation>Revoked the key of %1, keeping none of its changes. Export the roster and send it to every office.</translation>
        </message>
        <message>
            <source>This computer holds that computer's changes up to number %1 (a township reports this number when the county revokes a lost laptop)</source>
            <translation>This computer holds that computer's changes up to number %1 (a township reports this number when the county revokes a lost laptop)</translation>
        </message>
        <message>
            <source>Received here</source>
            <translation>Received here</translation>
        </message>
        <message>
            <source>demo: a file received (simulated)</source>
            <translation>demo: a file received (simulated)</translation>
        </message>
    </context>
    <context>
        <name>TaskRunner</name>
        <message>
            <source>This folder or file cannot be written; choose another place.</source>
            <translation>This folder or file cannot be written; choose another place.</translation>
        </message>
        <message>
            <source>The file or folder was not found.</source>
            <translation>The file or folder was not found.</translation>
        </message>
        <message>
            <source>The disk is full; free some space or choose another place.</source>
            <translation>The disk is full; free some space or choose another place.</translation>
        </message>
        <message>
            <source>The file could not be read or written.</source>
            <translation>The file could not be read or written.</translation>
        </message>
        <message>
            <source>Something went wrong; the details are in the log file.</source>
            <translation>Something went wrong; the details are in the log file.</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>Error</translation>
        </message>
    </context>
    <context>
        <name>TrainingForm</name>
        <message>
            <source>Basic information</source>
            <translation>Basic information</translation>
        </message>
        <message>
            <source>Attendance</source>
            <translation>Attendance</translation>
        </message>
        <message>
            <source>Photos and notes</source>
            <translation>Photos and notes</translation>
        </message>
    </context>
    <context>
        <name>VillagesPage</name>
        <message>
            <source>Villages</source>
            <translation>Villages</translation>
        </message>
        <message>
            <source>Search villages: Chinese, pinyin or initials</source>
            <translation>Search villages: Chinese, pinyin or initials</translation>
        </message>
        <message>
            <source>All villages</source>
            <translation>All villages</translation>
        </message>
        <message>
            <source>No visit in %1 days</source>
            <translation>No visit in %1 days</translation>
        </message>
        <message>
            <source>Poor villages only</source>
            <translation>Poor villages only</translation>
        </message>
        <message>
            <source>Add village…</source>
            <translation>Add village…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Edit…</translation>
        </message>
        <message>
            <source>Show visits</source>
            <translation>Show visits</translation>
        </message>
        <message>
            <source>Village</source>
            <translation>Village</translation>
        </message>
        <message>
            <source>Township</source>
            <translation>Township</translation>
        </message>
        <message>
            <source>Division code</source>
            <translation>Division code</translation>
        </message>
        <message>
            <source>Poor village</source>
            <translation>Poor village</translation>
        </message>
        <message>
            <source>Exit year</source>
            <translation>Exit year</translation>
        </message>
        <message>
            <source>Households</source>
            <translation>Households</translation>
        </message>
        <message>
            <source>Population</source>
            <translation>Population</translation>
        </message>
        <message>
            <source>Specialists</source>
            <translation>Specialists</translation>
        </message>
        <message>
            <source>Last visit</source>
            <translation>Last visit</translation>
        </message>
        <message>
            <source>Visits</source>
            <translation>Visits</translation>
        </message>
    </context>
    <context>
        <name>VisitForm</name>
        <message>
            <source>Basic information</source>
            <translation>Basic information</translation>
        </message>
        <message>
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>Photos and notes</source>
            <translation>Photos and notes</translation>
        </message>
    </context>
    <context>
        <name>_FieldChoice</name>
        <message>
            <source>Saved by %2, %1</source>
            <translation>Saved by %2, %1</translation>
        </message>
        <message>
            <source>Value saved %1</source>
            <translation>Value saved %1</translation>
        </message>
        <message>
            <source>(shown now)</source>
            <translation>(shown now)</translation>
        </message>
        <message>
            <source>Another value:</source>
            <translation>Another value:</translation>
        </message>
    </context>
    <context>
        <name>_RosterPage</name>
        <message>
            <source>%1 shown</source>
            <translation>%1 shown</translation>
        </message>
    </context>
</TS>
