# lvm2 makes new UUIDs, and writes the loop device it ran on, each time
# the inputs are made: those values are blanked before the comparison
walk(if type == "object" then
	with_entries(if (.key == "id" or .key == "pv_uuid" or .key == "device") and (.value | type) == "string"
		then .value = "(lvm2's, made at test time)" else . end)
else . end)
