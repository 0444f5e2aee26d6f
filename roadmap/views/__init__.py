"""The roadmap's pages, one module per area: roadmaps and programmes, reports, the work lists, BLK-K progress."""
