"""Where each ally stands: editions of NATO's figures, the pledges, and the status table."""
