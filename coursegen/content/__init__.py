"""Load: the course's files, in the translated-lesson format, read and validated into one model."""
