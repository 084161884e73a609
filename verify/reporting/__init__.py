"""Reports: the JSON record of each claim and the counts (`report`), the formats verify
writes (`formats`: text, markdown, SARIF, GitHub annotations; `html`; `claimreview`;
`jsonl`). Imports the stages below it, never the top level or the adapters."""
