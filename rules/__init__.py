"""Rules as code: pure calculations with dated parameters and a rule-by-rule trace.

``rules.engine`` is generic (dated parameters, trace, money); ``rules.forsorjningsstod`` is the
calculation of försörjningsstöd (SoL 2001:453, 4 kap.). Nothing here performs I/O except loading
the YAML parameter files once.
"""
