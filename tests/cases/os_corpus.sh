# os_corpus.sh - the os collector over the os-release corpus
# (../shared/corpus/osrelease): every row of EXPECTED.tsv must come out
# right.  Ids are compared in os-release spelling (python-distro normalises
# ol to oracle and so on); "version" is python-distro's best version.

osr="$CORPUS/osrelease"
if [ ! -f "$osr/EXPECTED.tsv" ]; then
	fail "os corpus: $osr/EXPECTED.tsv is missing (the corpus must sit in ../shared/corpus)"
else
	db="$OUT/corpus.db"
	tail -n +2 "$osr/EXPECTED.tsv" | cut -f1 | while read -r folder; do
		"$PREMIG" scan --quiet --root "$osr/$folder" --db "$db" --only os --host-id "$folder" ||
			echo "scan of $folder exited $?" >>"$OUT/errors"
	done
	[ -s "$OUT/errors" ] && fail "os corpus: scans" "$(cat "$OUT/errors")"
	"$PREMIG" report --format json --db "$db" -o "$OUT/report.json"
	jq -r '.hosts[] | [.host_id, .os.id // "", .os.version_id // "", .os.version // "",
	       .os.codename // "", .os.family // ""] | @tsv' "$OUT/report.json" >"$OUT/got.tsv"
	tail -n +2 "$osr/EXPECTED.tsv" | sort >"$OUT/expected.tsv"
	# columns: 1 folder 2 family 7 exp_id 8 exp_version 9 exp_best_version
	# 10 exp_codename 13 osr_ID 14 osr_VERSION_ID
	sort "$OUT/got.tsv" | join -t "$(printf '\t')" "$OUT/expected.tsv" - |
	awk -F'\t' -v OFS='\t' '
	function norm(id) {
		if (id == "oracle") return "ol"
		if (id == "redhat") return "rhel"
		if (id == "amazon") return "amzn"
		return id
	}
	{
		folder = $1; fam = $2
		n = NF
		gid = $(n-4); gvid = $(n-3); gver = $(n-2); gcode = $(n-1); gfam = $n
		wid = $13 != "" ? $13 : norm($7)
		wvid = $13 != "" ? $14 : $8
		bad = ""
		# python-distro calls Scientific Linux rhel; premig names it, in family rhel
		if (gid != wid && !(folder == "scientific6" && gid == "scientific"))
			bad = bad " id=" gid "(want " wid ")"
		if (gvid != wvid) bad = bad " version_id=" gvid "(want " wvid ")"
		if (gver != $9) bad = bad " version=" gver "(want " $9 ")"
		# opensuse42: python-distro takes "(x86_64)" of SuSE-release for a
		# codename; it is the architecture, and premig does not report it so
		if ($10 != "" && tolower(gcode) != tolower($10) && folder != "opensuse42")
			bad = bad " codename=" gcode "(want " $10 ")"
		wfam = ""
		if (fam == "rhel-like" || fam == "amazon") wfam = "rhel"
		else if (fam == "debian-like") wfam = "debian"
		else if (fam == "suse") wfam = "suse"
		else if (fam == "fedora") wfam = "fedora"
		if (wfam != "" && gfam != wfam) bad = bad " family=" gfam "(want " wfam ")"
		print folder, bad
	}' >"$OUT/compare.tsv"
	rows=$(tail -n +2 "$osr/EXPECTED.tsv" | wc -l)
	got=$(wc -l <"$OUT/compare.tsv")
	[ "$rows" -eq "$got" ] || fail "os corpus: $got of $rows folders reported"
	while IFS="$(printf '\t')" read -r folder bad; do
		if [ -z "$bad" ]; then ok "os corpus $folder"; else fail "os corpus $folder:$bad"; fi
	done <"$OUT/compare.tsv"
fi

# ---- legacy release files of distributions the corpus half lacks ----------
# FILE|TEXT (\n for newlines)|id|version_id|codename|family
while IFS='|' read -r lfile ltext lid lver lcode lfam; do
	case $lfile in '#'* | '') continue ;; esac
	lname=$(echo "$lfile-$lid-$lver" | tr '/' '_')
	lr="$OUT/legacy/$lname"
	mkdir -p "$lr/etc"
	printf "$ltext\n" >"$lr/$lfile"
	"$PREMIG" scan --quiet --root "$lr" --db "$OUT/legacy.db" --only os --host-id "$lname" 2>"$OUT/legacy.err"
	got=$("$PREMIG" report --format json --db "$OUT/legacy.db" |
		jq -r --arg h "$lname" '.hosts[] | select(.host_id == $h) | .os | [.id, .version_id, .codename, .family] | map(. // "null") | join("|")')
	[ "$got" = "$lid|$lver|$lcode|$lfam" ] && ok "os legacy $lfile: $got" ||
		fail "os legacy $lfile '$ltext': got $got, want $lid|$lver|$lcode|$lfam"
done <<'EOF_LEGACY'
etc/redhat-release|Red Hat Enterprise Linux Server release 6.5 (Santiago)|rhel|6.5|Santiago|rhel
etc/redhat-release|CentOS release 5.11 (Final)|centos|5.11|Final|rhel
etc/redhat-release|CloudLinux Server release 6.8 (Oleg Makarov)|cloudlinux|6.8|Oleg Makarov|rhel
etc/oracle-release|Oracle Linux Server release 6.10|ol|6.10|null|rhel
etc/system-release|Amazon Linux AMI release 2014.09|amzn|2014.09|null|rhel
etc/SuSE-release|SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4|sles|11.4|null|suse
etc/SuSE-release|openSUSE 13.1 (x86_64)\nVERSION = 13.1\nCODENAME = Bottle|opensuse|13.1|Bottle|suse
etc/slackware-version|Slackware 14.1|slackware|14.1|null|slackware
etc/lsb-release|DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=12.04\nDISTRIB_CODENAME=precise|ubuntu|12.04|precise|debian
etc/debian_version|7.11|debian|7|null|debian
etc/redhat-release|Asianux Server release 3 (Quasar SP4)|asianux|3|Quasar SP4|rhel
etc/system-release|ClearOS release 6.10.0 (Final)|clearos|6.10.0|Final|rhel
etc/redhat-release|Foo Enterprise Server release 4.2 (Bar)|foo|4.2|Bar|rhel
etc/SuSE-release|SUSE Linux 10.1 (i586)\nVERSION = 10.1|opensuse|10.1|null|suse
EOF_LEGACY
