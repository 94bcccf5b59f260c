-- a header blob computed as 900 MB of zeros when it is read (a generated
-- column): over the length limit of the walk, never allocated
CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB AS (zeroblob(900000000)));
INSERT INTO Packages (hnum) VALUES (1);
