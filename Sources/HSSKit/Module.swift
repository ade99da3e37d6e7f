// HSSKit: see DESIGN.md. Filled by its issue.
