"""The core: models, time, history, calendar, rules, policy, planner. No I/O."""
