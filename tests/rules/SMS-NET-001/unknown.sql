-- SMS-NET-001 unknown: the nics collector failed
UPDATE collector_runs SET status = 'failed', reason = 'cannot read ''sys/class/net'': Permission denied' WHERE collector = 'nics';
