"""What carries data in and out: JSON, schemas, iCalendar."""
