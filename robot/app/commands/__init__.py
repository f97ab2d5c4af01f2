"""What each command of run_robot.py does, one module per group. Output here is for people: short, plain, masked.

* :mod:`robot.app.commands.run`: ``once``, ``run``, ``demo``, ``sandbox``;
* :mod:`robot.app.commands.admin`: ``status``, ``check-config``, ``retry-failed``;
* :mod:`robot.app.commands.tools`: a process's ``calculate``, ``schema`` and ``parameters``.
"""
