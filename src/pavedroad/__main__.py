from pavedroad.cli.main import main

main()
