// Placeholder until the gateway lands.
return 0;
