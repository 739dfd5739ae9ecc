"""Public pages, one module per area. Views stay thin: FilterSets and QuerySet methods do the work."""
