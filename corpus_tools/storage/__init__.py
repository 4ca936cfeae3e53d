"""Storage: how a build's outputs reach the disk and come back, for every stage.

    files (atomic writes and folder swaps, leftovers of killed runs) -> lock (one writer per
    output folder) -> tables (Parquet writers, the staging folder, the manifest, `TableReader`:
    lazy reads that know no analysis) -> cache (per-document results kept between builds) ->
    stamps (whether a build has anything to do)

Nothing here imports a stage: the stages and the orchestrator (`corpus_tools.pipeline`) call in.
"""
