"""Public pages, one module per area. Views stay thin: the search form and QuerySet methods do the work."""
