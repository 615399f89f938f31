"""Developer tooling: benchmarks and the full-scale course they build (not part of the package)."""
