"""Check and render: each page's text checked against what contributed text may hold, its macro
calls run in a sandbox, and the notices a translated page carries."""
