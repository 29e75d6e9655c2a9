/* PLACEHOLDER probe */
int main(void){return 0;}
