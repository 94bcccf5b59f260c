-- Packages as a view that never ends: a recursive CTE of rows forever
-- (stopped by the walk's budget of SQLite steps)
CREATE VIEW Packages AS
	WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
	SELECT x AS hnum, x'00' AS blob FROM c;
