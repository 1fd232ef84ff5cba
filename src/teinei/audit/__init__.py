"""``teinei audit``: how a team writes, measured over an archive of sent mail (mbox, Maildir, .eml folders).

sources -> partitions of the archive; mail -> one message linted as ``teinei check`` lints it; tally -> the
counts of a partition, merged in partition order; run / dask -> where the partitions are audited; report/ ->
the renderers."""
