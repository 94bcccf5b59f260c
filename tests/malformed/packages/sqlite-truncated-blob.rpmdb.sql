CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);
-- a header cut after its preamble: 5 entries, 256 bytes of data announced
INSERT INTO Packages (blob) VALUES (X'0000000500000100');
