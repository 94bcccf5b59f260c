-- MGN-PKG-002 unknown: the hostfiles collector failed
UPDATE collector_runs SET status = 'failed', reason = 'cannot read ''usr/src/kernels'': Permission denied' WHERE collector = 'hostfiles';
