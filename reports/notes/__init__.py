"""The half-year «информационно-аналитическая справка»: data (``data``), collection
(``collect``), conclusions drafted from numbers (``conclusions``), renderers (``render``)
and the job builder (``builder``)."""
