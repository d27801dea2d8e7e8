from xuehui.cli import main

main()
