#!/bin/sh
# seeds for fuzz-applications: --applications files as report/appmap.h
# describes them (a header, comments, CRLF, quoted fields), and the
# mapping files of tests/cases/export.sh
d=$1
printf 'host,application\nweb01,shop\nweb02,shop\ndb01,"shop db"\n' >"$d/plain.csv"
printf '# comment\r\nhost-00001 , "a ""quoted"", name"\r\n\r\nhost-00002,b\r\n' >"$d/crlf.csv"
printf 'a,b,c\n' >"$d/three-fields.csv"
printf 'a,"open\n' >"$d/open-quote.csv"
printf 'h1,x\nh1,y\n' >"$d/twice.csv"
. "$TOP/tests/fuzz/seeds/find.sh"
seed_find "$d" -path '*/export/*.map'
