from .adapters.command import main

main()
