"""The translators' tools: status, review checks, new / stamp, import of an upstream checkout."""
