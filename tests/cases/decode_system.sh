# decode_system.sh - the system decoders (collectors/lib/decode_system.c),
# each on its unit cases (tests/unit/<decoder>/cases; UPDATE=1 rewrites the
# expected JSON)
decode_units os-release release-file mountinfo fstab cpuinfo rule-pack
