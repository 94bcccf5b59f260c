# decode_net.sh - the network and firewall decoders (collectors/lib/
# decode_net.c), each on its unit cases (tests/unit/<decoder>/cases;
# UPDATE=1 rewrites the expected JSON)
decode_units ifcfg wicked ifupdown netplan nm-keyfile networkd iptables-save nftables \
	firewalld-xml sshd-config

# what the collectors refuse to read, the decoders refuse too: a NUL byte
# in a text file (fsread's FSREAD_TEXT), a file over the collector's cap
printf 'DEVICE=eth0\0\nBOOTPROTO=dhcp\n' >"$OUT/ifcfg-eth0"
expect_exit "decode ifcfg: a NUL byte is refused" 1 '' "$PREMIG" debug decode ifcfg "$OUT/ifcfg-eth0"
check "decode ifcfg: the NUL byte is the reason" grep -q 'NUL byte' "$OUT/ee.out"
head -c 300000 /dev/zero | tr '\0' '#' >"$OUT/sshd_config"
expect_exit "decode sshd-config: over fsread's cap" 1 '' "$PREMIG" debug decode sshd-config "$OUT/sshd_config"
check "decode sshd-config: the size is the reason" grep -q 'larger than 262144 bytes' "$OUT/ee.out"
