"""What the county manages by (issue 13), Qt-free.

- ``assessment``: the county's rule set per year, each specialist's figures,
  rules met, a suggested grade and the recorded confirmation;
- ``timeliness``: expected / received / on time / late / missing files per
  specialist and township, from the import ledger and the records' origin;
- ``requests``: farmers' requests (待分派 → 已分派 → 已答复 → 已办结);
- ``callbacks``: satisfaction callbacks by township stations;
- ``evidence``: photo EXIF (date, place, orientation) checked against the record;
- ``authority``: who may write the kinds above (local writes and imports).
"""
