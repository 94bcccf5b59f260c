-- SMS-NET-002 unknown: the nics collector failed
UPDATE collector_runs SET status = 'failed', reason = 'netlink: Operation not permitted' WHERE collector = 'nics';
