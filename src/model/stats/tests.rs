//! KPI figures from hand-built facts.
