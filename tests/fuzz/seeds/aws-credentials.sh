#!/bin/sh
# seeds for fuzz-aws-credentials: credentials files in the AWS CLI's format
# ("Configuration and credential file settings", AWS CLI User Guide), as
# `aws configure` writes them, with profiles, comments and a nested value
printf '[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n' >"$1/default"
printf '# c\n[a]\naws_access_key_id=A\n\n[default]\n; c\naws_access_key_id = B\naws_secret_access_key = C\naws_session_token = D\ns3 =\n    max_concurrent_requests = 20\n' >"$1/profiles"
printf '[default\nx\n' >"$1/bad"
