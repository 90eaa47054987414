"""The reader: server-rendered HTML pages over the same queries and public shapes as the API,
for people who would rather look than read JSON (issue 12)."""
