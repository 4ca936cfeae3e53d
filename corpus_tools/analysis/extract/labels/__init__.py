"""The extractor behind the `labels` table: the descriptors a text attaches to an actor itself, per
mention, one module per job -- `extractor` (the labels next to each mention of a document),
`phrases` (reading noun phrases), `definite` (later definite descriptions), `rows` (the `Label`
record and the table's rows).

Patterns (the `labels.pattern` column):
- ``prenominal``: a title or noun phrase right before the name ("le maréchal Khalifa Haftar",
  "du général renégat Khalifa Haftar", "le chef de guerre Khalifa Haftar");
- ``apposition``: a noun phrase set off by a comma, before or after the name ("le ministre russe
  des Affaires étrangères, Sergueï Lavrov", "Khalifa Haftar, l'homme fort de l'est libyen"),
  read by the actors stage's own reader of appositions (`corpus_tools.actors.appositions`);
- ``predicate``: a nominal predicate ("X est un ancien général", "X est devenu le chef de ...");
- ``relative``: the same in a relative clause ("X, qui est le secrétaire général de l'OTAN");
- ``title``: a role title the actors stage resolved to the actor ("le secrétaire général de l'OTAN
  a déclaré": a mention of kind 'title');
- ``definite``: a later definite description repeating an earlier label of one actor of the
  document ("le maréchal", "l'ancien général").
Nouns that govern the name are no labels ("la volonté de l'alliance d'aider X", "l'administration
Trump"), nor are demonyms: "le président turc" labels the president, never Turquie.  Word lists
are in `analysis/data/labels.yaml` and `verbs.yaml`.
"""
