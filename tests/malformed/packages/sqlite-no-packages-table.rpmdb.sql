-- an SQLite file that is not an rpm database
CREATE TABLE Names (key TEXT, hnum INTEGER);
