# decode_net.sh - the network and firewall decoders (collectors/lib/
# decode_net.c), each on its unit cases (tests/unit/<decoder>/cases;
# UPDATE=1 rewrites the expected JSON)
decode_units ifcfg wicked ifupdown netplan nm-keyfile networkd iptables-save nftables \
	firewalld-xml sshd-config
