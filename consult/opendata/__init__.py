"""Open data: an inquiry's published results as files anyone may reuse (CSV,
JSON, a pabulib file), each described field by field in a data dictionary.

datasets.py says what each file holds and reads it from the database;
formats.py writes it as CSV, JSON, a frictionless data package or a data
dictionary; views.py only translates HTTP. Nothing here is served before
`consult.publication.is_published` says yes."""
