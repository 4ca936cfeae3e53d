"""The quotation extractor behind the `quotes` table, one module per job: `extractor` (the table's rows,
document by document), `words` (the data file), `document` (a document as the rules read it),
`phrases` (noun phrases and subjects), `rules` (the rules that find quotations), `speakers`
(resolving speakers to actors).

Quotations are found by rules over the repaired sentences, the parse, and the document's quotation
marks, in this order of precedence:

- an incise inside quotation marks (« ..., a-t-il dit, ... »), which splits the quotation;
- a colon before quotation marks (X a déclaré : « ... »; Et d'ajouter : « ... »);
- an incise after the content, with a postposed subject (« ... », a affirmé le ministre; ..., estime X)
  -- parsers often tag that subject `obj`, so word order and the cue decide, not `nsubj`;
- a cue verb with a que-clause, with an infinitive, or with quoted words as its complement;
- "selon X", "d'après X" and "pour X, ..." where X speaks;
- a floating quotation: quoted words with no cue of their own, a paragraph signed "— Name", or a
  sentence in the reporting conditional right after an indirect quotation (the same speaker's).

Each quotation's kind follows from its quotation marks: direct (the content is one quoted stretch),
mixed (reported speech holding quoted words, or quoted words completing a cue) or indirect (none).
Speakers are resolved to actors through the mentions table: a name, a description whose words the
article attaches to a name ("l'ancien général"), an institution speaking through a communiqué or a
spokesperson, a pronoun or a follow-up (the previous speaker); a speaker the article does not name
("une source de l'OTAN") is flagged `unnamed_speaker`.  The words are data:
`analysis/data/quotes.yaml` (cue verbs and their irregular forms, markers, nouns)."""
