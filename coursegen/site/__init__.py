"""Build: the course staged for MkDocs, the MkDocs plugin and everything only the site needs."""
