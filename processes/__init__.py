"""Business processes the engine runs. Each lives in its own sub-package and is named in config/robot.toml.

A process factory has the signature ``create_process(context: ProcessContext) -> robot.process.Process``.
The engine never imports a process directly; :func:`robot.app.runtime.load_factory` loads it by the dotted
path in the settings, so adding a process never touches the engine.
"""
